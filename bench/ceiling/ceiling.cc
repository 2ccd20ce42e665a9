// The protocol's floor on this machine: read a JSON-RPC line from stdin, parse
// it with nlohmann/json, answer on stdout. No tools, no database, no
// validation: what any stdio MCP server costs at least. bench/run measures it
// with the same driver and scenario shape as Tally.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

nlohmann::json result_for(const nlohmann::json& request) {
  const auto& method = request["method"].get_ref<const std::string&>();
  if (method == "initialize") {
    return {{"protocolVersion", request["params"].value("protocolVersion", "2025-06-18")},
            {"capabilities", {{"tools", nlohmann::json::object()}}},
            {"serverInfo", {{"name", "ceiling"}, {"version", "1"}}}};
  }
  if (method == "tools/call") {
    return {{"content", {{{"type", "text"}, {"text", "{}"}}}}};
  }
  return nlohmann::json::object();
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    auto request = nlohmann::json::parse(line, nullptr, false);
    if (request.is_discarded() || !request.contains("id") || !request.contains("method")) continue;
    nlohmann::json answer{{"jsonrpc", "2.0"}, {"id", request["id"]}, {"result", result_for(request)}};
    std::cout << answer.dump() << '\n' << std::flush;
  }
}
