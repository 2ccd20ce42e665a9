#include "ledger/commands.h"

#include <cstdio>
#include <memory>

#include "app/run_tool.h"
#include "app/runtime.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace tally::ledger {

using mcp::json;

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* draft = root.add_subcommand("draft", "Pending Extrack drafts: list them, post one");
  draft->require_subcommand(1);

  auto limit = std::make_shared<int>(20);
  auto* list = draft->add_subcommand("list", "List pending drafts, newest first");
  list->add_option("--limit", *limit, "How many (1-100)")->capture_default_str()->check(CLI::Range(1, 100));
  env.add_ledger_flags(list);
  list->callback([&env, limit] {
    env.set_action([&env, limit] {
      return app::run_tool(env.options, "draft list", "extrack_list_transaction_drafts", json{{"limit", *limit}});
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
      return app::run_tool(env.options, "draft post", "extrack_post_transaction_draft",
                      json{{"draftId", *id}, {"allowOverpayment", *allow}});
    });
  });
}

}  // namespace tally::ledger
