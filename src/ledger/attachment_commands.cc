#include "ledger/attachment_commands.h"

#include <filesystem>
#include <memory>
#include <string>

#include "app/run_tool.h"
#include "app/runtime.h"

namespace tally::ledger {

using mcp::json;

namespace {

struct Target {
  std::string transaction_id;
  std::string draft_id;
};

void add_target_flags(CLI::App* cmd, Target& t) {
  auto* txn = cmd->add_option("--transaction", t.transaction_id, "A posted transaction (txn_...)");
  auto* draft = cmd->add_option("--draft", t.draft_id,
                                "A draft (drf_...); it keeps its attachments when it posts");
  txn->excludes(draft);
}

json target_json(const Target& t) {
  json out = json::object();
  if (!t.transaction_id.empty()) out["transactionId"] = t.transaction_id;
  if (!t.draft_id.empty()) out["draftId"] = t.draft_id;
  return out;
}

}  // namespace

void add_attachment_commands(CLI::App& root, app::CommandEnv& env) {
  auto* attach = root.add_subcommand(
      "attach", "Receipts: attach a file to a transaction or draft, list, detach");
  attach->require_subcommand(1);
  attach->footer(
      "Examples:\n"
      "  tally attach add ~/receipts/dinner.pdf --transaction txn_...\n"
      "  tally attach list --transaction txn_...\n"
      "  tally attach detach att_...");

  auto target = std::make_shared<Target>();
  auto file = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto* add = attach->add_subcommand(
      "add", "Attach FILE (PDF, PNG, JPEG, HEIC or UTF-8 text, up to 10 MiB)");
  add->add_option("file", *file, "The file; its type is judged by its content")->required();
  add->add_option("--name", *name, "The name to show (default: the file's)");
  add_target_flags(add, *target);
  env.add_ledger_flags(add);
  add->callback([&env, target, file, name] {
    env.set_action([&env, target, file, name] {
      // The person named this file on the command line: its own folder is the one
      // folder read from (what --attach-dir says for a server).
      app::RuntimeOptions options = env.options;
      const std::filesystem::path path = std::filesystem::absolute(*file);
      options.attach_dirs = {path.parent_path().string()};
      json args = target_json(*target);
      args["path"] = path.string();
      if (!name->empty()) args["fileName"] = *name;
      return app::run_tool(options, "attach add", "ledger_attach_file", args);
    });
  });

  auto* list = attach->add_subcommand("list", "List the files attached to a transaction or draft");
  add_target_flags(list, *target);
  env.add_ledger_flags(list);
  list->callback([&env, target] {
    env.set_action([&env, target] {
      return app::run_tool(env.options, "attach list", "ledger_list_attachments",
                           target_json(*target));
    });
  });

  auto id = std::make_shared<std::string>();
  auto* detach =
      attach->add_subcommand("detach", "Remove an attachment; its file goes when nothing links it");
  detach->add_option("attachmentId", *id, "The attachment's id (att_...)")->required();
  env.add_ledger_flags(detach);
  detach->callback([&env, id] {
    env.set_action([&env, id] {
      return app::run_tool(env.options, "attach detach", "ledger_detach_file",
                           json{{"attachmentId", *id}});
    });
  });
}

}  // namespace tally::ledger
