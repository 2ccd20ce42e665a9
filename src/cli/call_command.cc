#include <cstdio>

#include "cli/commands.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace tally::cli {

namespace {
/// `tally call` runs in-process: no client to ask, progress and logs go to stderr.
class LocalContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double done, std::optional<double> total, const std::string& message) override {
    std::fprintf(stderr, "progress %g%s%s\n", done, total ? ("/" + std::to_string(*total)).c_str() : "",
                 message.empty() ? "" : (" " + message).c_str());
  }
  void log(mcp::LogLevel level, const std::string& logger, const mcp::json& data) override {
    std::fprintf(stderr, "%s %s: %s\n", std::string(mcp::to_string(level)).c_str(), logger.c_str(),
                 data.dump().c_str());
  }
  mcp::json request_client(const std::string& method, mcp::json) override {
    throw mcp::ToolError("`tally call` has no client to send " + method + " to.");
  }
  const mcp::json& client_capabilities() const override { return empty_; }
  const mcp::json& client_info() const override { return info_; }

 private:
  mcp::json empty_ = mcp::json::object();
  mcp::json info_ = {{"name", "tally-cli"}, {"version", "1"}};
};
}  // namespace

int call_tool(const app::RuntimeOptions& options, const std::string& tool, const std::string& arguments) {
  app::Runtime runtime(options);
  const mcp::ToolSpec* spec = runtime.registry().find(tool);
  if (spec == nullptr) {
    std::fprintf(stderr, "tally call: unknown tool '%s' (`tally tools` lists them)\n", tool.c_str());
    return 2;
  }
  std::string error;
  auto parsed = mcp::parse_line(arguments.empty() ? "{}" : arguments, error);
  if (!parsed || !parsed->value.is_object()) {
    std::fprintf(stderr, "tally call: the arguments must be one JSON object: %s\n",
                 parsed ? "got another JSON value" : error.c_str());
    return 2;
  }
  LocalContext context;
  mcp::json result = runtime.registry().call(*spec, parsed->value, parsed->decimals, "", context,
                                             mcp::kLatestVersion);
  for (const auto& block : result["content"])
    if (block.value("type", "") == "text") std::printf("%s\n", block["text"].get<std::string>().c_str());
  return result.value("isError", false) ? 1 : 0;
}

}  // namespace tally::cli
