#pragma once
// A toolset is a store plus tools (docs/style.md): its migrations, its tool
// declarations bound to the store, its lines of server instructions, and the
// invariants `tally doctor` checks for it.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ledger/post_hooks.h"
#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/tool.h"
#include "store/migrations.h"
#include "store/store.h"

namespace tally::app {

struct RuntimeOptions;

/// What a toolset's own CLI subcommands get (`tally affiliate postback …`).
struct CommandEnv {
  RuntimeOptions& options;                        ///< filled by the ledger flags
  std::function<void(CLI::App*)> add_ledger_flags;  ///< --db, --workspace on a subcommand
  /// Called from a subcommand's callback: main runs `action` after parsing and exits with it.
  std::function<void(std::function<int()> action)> set_action;
};

struct Toolset {
  std::string name;     ///< as `--toolsets` names it: ledger, rewards, affiliate, invoicing
  std::string summary;  ///< one line for `tally tools`
  std::function<std::vector<store::Migration>()> migrations;
  /// Built once per process and shared by every workspace: handlers take their
  /// store from the call (app/call_store.h).
  std::function<std::vector<mcp::ToolSpec>()> tools;
  std::string instructions;  ///< what a model should know, no user data
  /// Prompts a person picks from a menu (prompts/list), each naming the tools to call.
  std::function<std::vector<mcp::PromptSpec>()> prompts = nullptr;
  /// Each violated invariant as a human sentence; empty when all hold.
  std::function<std::vector<std::string>(store::Store&)> doctor = nullptr;
  /// `tally init`: sensible starting rows (default accounts, categories) in `currency`.
  std::function<void(store::Store&, const std::string& currency)> init = nullptr;
  /// Adds the toolset's CLI subcommands (data entry, ingest) under `root`.
  std::function<void(CLI::App& root, CommandEnv& env)> commands = nullptr;
  /// What came due while no Tally ran (recurring transactions, issue 20), created
  /// on the writer before a process serves or runs tools and again on a server's
  /// timer; returns one line per thing done, for the log.
  std::function<std::vector<std::string>(SQLite::Database& writer, const store::Clock& clock, store::IdSource& ids)>
      catch_up = nullptr;
  /// Fixed resources it serves (resources/list, resources/read), such as an MCP Apps UI.
  std::function<std::vector<mcp::ResourceSpec>()> resources = nullptr;
  /// Runs inside the transaction of every ledger posting, whichever toolsets are
  /// served (a linked card earns on a charge the ledger's tools post).
  ledger::PostHook on_ledger_post = nullptr;
  /// Families of resources (resources/templates/list), such as tally://attachments/{sha}.
  std::function<std::vector<mcp::ResourceTemplateSpec>()> resource_templates = nullptr;
};

}  // namespace tally::app
