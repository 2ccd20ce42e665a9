// tally: the command line. Only wiring lives here; each command is its own file.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "app/catalogue.h"
#include "cli/commands.h"
#include "store/database.h"
#include "tally_version.h"
#include "transfer/commands.h"

int main(int argc, char** argv) {
  using namespace tally;
  CLI::App app{"Tally: your books in a local SQLite ledger, served to AI assistants over MCP (stdio)."};
  app.set_version_flag("--version", std::string("tally ") + TALLY_VERSION);
  app.require_subcommand(0, 1);
  app.footer("With no command, `tally` runs `tally serve`.\nDocs: README.md; tools: `tally tools`.");

  cli::ServeOptions serve;
  serve.runtime.db_path = store::default_database_path();
  auto add_ledger_flags = [&](CLI::App* cmd) {
    cmd->add_option("--db", serve.runtime.db_path, "Ledger file (env TALLY_DB)")
        ->capture_default_str();
    cmd->add_option("--workspace", serve.runtime.workspace, "Workspace inside the ledger")
        ->capture_default_str();
    cmd->add_option("--toolsets", serve.runtime.toolsets,
                    "Comma-separated toolsets to serve: ledger, rewards, invoicing, affiliate (default all)");
    cmd->add_option("--brand", serve.runtime.brand, "Affiliate brand (slug) the affiliate tools act on (default: the only one)");
  };
  auto add_serve_flags = [&](CLI::App* cmd) {
    add_ledger_flags(cmd);
    cmd->add_flag("--read-only", serve.runtime.read_only, "Offer only read tools; write tools are neither listed nor callable");
    cmd->add_option("--log-level", serve.log.level, "trace, debug, info, warn, error, critical or off")
        ->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
    cmd->add_option("--log-file", serve.log.file, "Write logs to this file instead of stderr");
    cmd->add_option("--page-size", serve.page_size, "tools/list page size (0: one page)")->group("");
    cmd->add_flag("--test-tools", serve.runtime.test_tools, "Offer the test-only tools (test builds)")->group("");
  };
  add_serve_flags(&app);  // `tally --db x` means `tally serve --db x`

  auto* serve_cmd = app.add_subcommand("serve", "Serve MCP over stdin/stdout (what assistants run)");
  add_serve_flags(serve_cmd);

  auto* tools_cmd = app.add_subcommand("tools", "List the tools: name, read/write, what it does");
  tools_cmd->add_option("--toolsets", serve.runtime.toolsets, "Only these toolsets");
  tools_cmd->add_flag("--read-only", serve.runtime.read_only, "Only the read tools");

  std::string tool, arguments;
  auto* call_cmd = app.add_subcommand("call", "Run one tool in-process and print its result");
  call_cmd->add_option("tool", tool, "Tool name")->required();
  call_cmd->add_option("arguments", arguments, "Arguments as one JSON object, e.g. '{\"limit\":5}'");
  add_ledger_flags(call_cmd);

  std::string currency = "USD";
  auto* init_cmd = app.add_subcommand("init", "Create a ledger with default accounts and categories");
  init_cmd->add_option("--currency", currency, "ISO 4217 code of the default accounts")->capture_default_str();
  add_ledger_flags(init_cmd);

  auto* doctor_cmd = app.add_subcommand("doctor", "Check every ledger invariant; non-zero exit names each violation");
  add_ledger_flags(doctor_cmd);

  // Toolsets add their own subcommands (data entry, ingest); main only runs what they set.
  std::function<int()> toolset_action;
  app::CommandEnv env{serve.runtime, add_ledger_flags,
                      [&](std::function<int()> action) { toolset_action = std::move(action); }};
  for (auto& toolset : app::all_toolsets())
    if (toolset.commands) toolset.commands(app, env);
  transfer::add_commands(app, env);  // import, export, backup, restore

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*tools_cmd) return cli::list_tools(serve.runtime);
    cli::configure_logging(serve.log);
    if (*call_cmd) return cli::call_tool(serve.runtime, tool, arguments);
    if (*init_cmd) return cli::init_ledger(serve.runtime, currency);
    if (*doctor_cmd) return cli::doctor(serve.runtime);
    if (toolset_action) return toolset_action();
    return cli::serve(serve);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return 2;
  }
}
