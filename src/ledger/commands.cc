#include "ledger/commands.h"

#include <cstdio>
#include <memory>

#include "app/runtime.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace tally::ledger {

using mcp::json;

namespace {

/// In-process: no client to ask, nothing to cancel.
class CommandContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string& method, json) override {
    throw mcp::ToolError("the command line has no client to send " + method + " to.");
  }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return info_; }

 private:
  json empty_ = json::object();
  json info_ = {{"name", "tally-cli"}, {"version", "1"}};
};

/// Runs one tool and prints its text (stdout) or its error (stderr).
int run_tool(const app::RuntimeOptions& options, const char* command, const char* tool, const json& arguments) {
  app::Runtime runtime(options);
  const mcp::ToolSpec* spec = runtime.registry().find(tool);
  if (spec == nullptr) {
    std::fprintf(stderr, "tally %s: the ledger toolset is not selected (--toolsets)\n", command);
    return 2;
  }
  CommandContext context;
  json result = runtime.registry().call(*spec, arguments, mcp::DecimalLexemes{}, "", context, mcp::kLatestVersion);
  bool failed = result.value("isError", false);
  for (const auto& block : result["content"])
    if (block.value("type", "") == "text") {
      std::string text = block["text"].get<std::string>();
      if (failed) std::fprintf(stderr, "tally %s: %s\n", command, text.c_str());
      else std::printf("%s\n", text.c_str());
    }
  return failed ? 1 : 0;
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* draft = root.add_subcommand("draft", "Pending Extrack drafts: list them, post one");
  draft->require_subcommand(1);

  auto limit = std::make_shared<int>(20);
  auto* list = draft->add_subcommand("list", "List pending drafts, newest first");
  list->add_option("--limit", *limit, "How many (1-100)")->capture_default_str()->check(CLI::Range(1, 100));
  env.add_ledger_flags(list);
  list->callback([&env, limit] {
    env.set_action([&env, limit] {
      return run_tool(env.options, "draft list", "extrack_list_transaction_drafts", json{{"limit", *limit}});
    });
  });

  auto id = std::make_shared<std::string>();
  auto allow = std::make_shared<bool>(false);
  auto* post = draft->add_subcommand("post", "Post a pending draft to the ledger and remove it");
  post->add_option("draftId", *id, "The draft's id (drf_...)")->required();
  post->add_flag("--allow-overpayment", *allow, "A repayment may exceed what the person owes");
  env.add_ledger_flags(post);
  post->callback([&env, id, allow] {
    env.set_action([&env, id, allow] {
      return run_tool(env.options, "draft post", "extrack_post_transaction_draft",
                      json{{"draftId", *id}, {"allowOverpayment", *allow}});
    });
  });
}

}  // namespace tally::ledger
