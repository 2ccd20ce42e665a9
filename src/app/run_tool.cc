#include "app/run_tool.h"

#include <cstdio>

#include "app/call_store.h"
#include "mcp/json_text.h"
#include "mcp/protocol_version.h"

namespace tally::app {

namespace {
/// In-process: no client to ask, nothing to cancel.
class CommandContext final : public mcp::CallContext {
 public:
  explicit CommandContext(const std::string& client) : info_{{"name", client}, {"version", "1"}} {}
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const mcp::json&) override {}
  mcp::json request_client(const std::string& method, mcp::json) override {
    throw mcp::ToolError("the command line has no client to send " + method + " to.");
  }
  const mcp::json& client_capabilities() const override { return empty_; }
  const mcp::json& client_info() const override { return info_; }

 private:
  mcp::json empty_ = mcp::json::object();
  mcp::json info_;
};
}  // namespace

mcp::json call_in_process(Runtime& runtime, const mcp::ToolSpec& spec, const mcp::json& arguments,
                          const mcp::DecimalLexemes& decimals, const std::string& client) {
  CommandContext context(client);
  StoreScope scope(runtime.store());
  scope.attach_dirs = runtime.attach_dirs();
  context.scope = &scope;
  return mcp::expand_result(runtime.registry().call(spec, arguments, decimals, "", context, mcp::kLatestVersion));
}

int run_tool(const RuntimeOptions& options, const std::string& command, const std::string& tool,
             const mcp::json& arguments, const mcp::DecimalLexemes& decimals) {
  Runtime runtime(options);
  // What came due (recurring transactions) is created before the tool answers.
  for (const auto& line : runtime.catch_up(runtime.db())) std::fprintf(stderr, "tally: %s\n", line.c_str());
  const mcp::ToolSpec* spec = runtime.registry().find(tool);
  if (spec == nullptr) {
    std::fprintf(stderr,
                 "tally %s: unknown tool '%s' (`tally tools` lists the tools; --toolsets selects them)\n",
                 command.c_str(), tool.c_str());
    return 2;
  }
  mcp::json result = call_in_process(runtime, *spec, arguments, decimals);
  bool failed = result.value("isError", false);
  // A person reads this: the structured result indented, not the compact text the model gets.
  if (!failed && result.contains("structuredContent")) {
    std::printf("%s\n", result["structuredContent"].dump(2, ' ', false, mcp::json::error_handler_t::replace).c_str());
    return 0;
  }
  for (const auto& block : result["content"])
    if (block.value("type", "") == "text") {
      const std::string text = block["text"].get<std::string>();
      if (failed) std::fprintf(stderr, "tally %s: %s\n", command.c_str(), text.c_str());
      else std::printf("%s\n", text.c_str());
    }
  return failed ? 1 : 0;
}

}  // namespace tally::app
