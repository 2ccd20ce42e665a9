#include "jsonrpc_check.h"

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace tally::fuzz {

namespace {

using json = nlohmann::json;

[[noreturn]] void fail(std::string_view why, std::string_view line) {
  std::fprintf(stderr, "invalid JSON-RPC from Tally (%.*s): %.*s\n", static_cast<int>(why.size()),
               why.data(), static_cast<int>(line.size() > 2000 ? 2000 : line.size()), line.data());
  std::abort();
}

bool valid_id(const json& id) {
  return id.is_null() || id.is_string() || id.is_number_integer();
}

void check_message(const json& m, std::string_view line) {
  if (!m.is_object()) fail("not an object", line);
  if (m.value("jsonrpc", json()) != "2.0") fail("jsonrpc is not \"2.0\"", line);
  if (m.contains("method")) {  // Tally's own notification or request to the client
    if (!m["method"].is_string()) fail("method is not a string", line);
    if (m.contains("result") || m.contains("error")) fail("a request with a result", line);
    return;
  }
  if (!m.contains("id") || !valid_id(m["id"])) fail("a response without a valid id", line);
  const bool result = m.contains("result"), error = m.contains("error");
  if (result == error) fail("not exactly one of result and error", line);
  if (error) {
    const json& e = m["error"];
    if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() ||
        !e.contains("message") || !e["message"].is_string())
      fail("a malformed error object", line);
  } else if (!m["result"].is_object()) {
    fail("a result that is not an object", line);
  }
}

}  // namespace

void check_jsonrpc_line(std::string_view line) {
  if (line.find('\n') != std::string_view::npos) fail("a line break inside a message", line);
  json m = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (m.is_discarded()) fail("not JSON", line);
  if (m.is_array()) {
    if (m.empty()) fail("an empty batch answer", line);
    for (const json& element : m) check_message(element, line);
    return;
  }
  check_message(m, line);
}

}  // namespace tally::fuzz
