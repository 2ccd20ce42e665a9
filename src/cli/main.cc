// tally: the command line. Only wiring lives here; each command is its own file.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "app/catalogue.h"
#include "auth/commands.h"
#include "cli/commands.h"
#include "store/database.h"
#include "store/sqlite_error.h"
#include "tally_version.h"
#include "transfer/commands.h"

int main(int argc, char** argv) {
  using namespace tally;
  // Private by default: the ledger, its -wal/-shm, backups, exports and the folders
  // Tally creates are readable by this account only (0600 files, 0700 folders).
  ::umask(077);
  CLI::App app{"Tally keeps your books in one local SQLite ledger and serves them to AI assistants\n"
                "(Claude Desktop, Cursor, any MCP client) over MCP on stdin/stdout."};
  app.set_version_flag("--version", std::string("tally ") + TALLY_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "With no command, `tally` runs `tally serve`.\n\n"
      "Examples:\n"
      "  tally demo                           a demo ledger with data for every toolset\n"
      "  tally config claude --write          add Tally to Claude Desktop (or: cursor)\n"
      "  tally call extrack_get_context       run one tool and print its result\n"
      "  tally doctor                         check the ledger's invariants\n\n"
      "`tally COMMAND --help` explains each command; `tally tools` lists the tools. Docs: README.md.");

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
  // Receipts (issue 21): ledger_attach_file reads `path` only inside these folders, and never over HTTP.
  auto add_attach_dir = [&](CLI::App* cmd) {
    cmd->add_option("--attach-dir", serve.runtime.attach_dirs,
                    "A folder whose files ledger_attach_file may read by path (repeatable; stdio and the command line only)")
        ->check(CLI::ExistingDirectory);
  };
  auto add_serve_flags = [&](CLI::App* cmd) {
    add_ledger_flags(cmd);
    cmd->add_flag("--read-only", serve.runtime.read_only, "Offer only read tools; write tools are neither listed nor callable");
    add_attach_dir(cmd);
    cmd->add_option("--log-level", serve.log.level, "trace, debug, info, warn, error, critical or off")
        ->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
    cmd->add_option("--log-file", serve.log.file, "Write logs to this file instead of stderr");
    cmd->add_flag("--allow-private-postbacks", serve.postbacks.allow_private,
                  "Send affiliate postbacks to loopback and private addresses too (a local advertiser)")
        ->group("Affiliate postbacks");
    cmd->add_option("--postback-retry-base", serve.postbacks.retry_base_ms,
                    "Milliseconds before a failed postback's first retry (then doubling, with jitter)")
        ->capture_default_str()
        ->check(CLI::Range(10u, 3600000u))
        ->group("Affiliate postbacks");
    cmd->add_option("--postback-attempts", serve.postbacks.attempts, "Attempts before a postback is marked failed")
        ->capture_default_str()
        ->check(CLI::Range(1, 50))
        ->group("Affiliate postbacks");
    cmd->add_option("--page-size", serve.page_size, "tools/list page size (0: one page)")->group("");
    cmd->add_flag("--test-tools", serve.runtime.test_tools, "Offer the test-only tools (test builds)")->group("");
    cmd->add_flag("--test-offerings", serve.runtime.test_offerings,
                  "With --test-tools: the conformance suite's prompts and resources (test builds)")->group("");
  };
  add_serve_flags(&app);  // `tally --db x` means `tally serve --db x`

  auto* serve_cmd = app.add_subcommand("serve", "Serve MCP over stdin/stdout (what assistants run), or over HTTP with --http");
  add_serve_flags(serve_cmd);
  cli::HttpServeOptions& web = serve.http;
  auto* http_opt = serve_cmd->add_option("--http", web.listen, "Serve MCP over Streamable HTTP at [HOST:]PORT (default 127.0.0.1:8765)")
                       ->expected(0, 1)
                       ->group("HTTP");
  serve_cmd->add_option("--public-url", web.public_url, "The URL clients use (origin and optional path prefix); needed off loopback")->group("HTTP");
  serve_cmd->add_option("--allow-origin", web.allow_origins, "A browser origin allowed to call (repeatable)")->group("HTTP");
  serve_cmd->add_option("--rate-limit", web.rate_limit, "Requests per credential: N/min or off")->capture_default_str()->group("HTTP");
  serve_cmd->add_option("--tls-cert", web.tls_cert, "PEM certificate chain: serve HTTPS")->group("HTTP");
  serve_cmd->add_option("--tls-key", web.tls_key, "PEM private key for --tls-cert")->group("HTTP");
  serve_cmd->add_option("--oauth-issuer", web.oauth_issuer, "Accept JWT access tokens from this OAuth authorization server")->group("HTTP");
  serve_cmd->add_option("--oauth-client-id", web.oauth_client_id, "Cognito: tokens must carry this client_id (they have no aud)")->group("HTTP");
  serve_cmd->add_option("--workspace-claim", web.workspace_claim, "Token claim whose value picks the workspace (tally oauth map)")->capture_default_str()->group("HTTP");
  serve_cmd->add_option("--read-scope", web.read_scope, "Scope that allows reads")->capture_default_str()->group("HTTP");
  serve_cmd->add_option("--write-scope", web.write_scope, "Scope that allows writes")->capture_default_str()->group("HTTP");
  serve_cmd->add_flag("--oauth-proxy", web.oauth_proxy, "Publish Tally as the authorization server and forward to --oauth-issuer without `resource` (Cognito)")->group("HTTP");
  serve_cmd->add_option("--tracking-rate-limit", web.tracking_rate_limit, "Affiliate postbacks per sender address: N/min or off")->capture_default_str()->group("HTTP");
  serve_cmd->add_option("--trust-proxy", web.trust_proxies, "A reverse proxy's address: its X-Forwarded-For names the sender (repeatable)")->group("HTTP");
  serve_cmd->add_option("--country-header", web.country_header, "Header a --trust-proxy sets to the visitor's country (e.g. CF-IPCountry), for offers' geo targeting")->group("HTTP");
  serve_cmd->add_option("--readers", web.readers, "Read connections (threads) for HTTP calls")->capture_default_str()->group("HTTP");
  serve_cmd->add_option("--sse-keepalive-ms", web.sse_keepalive_ms, "SSE keep-alive interval (tests)")->group("");
  serve_cmd->footer("Assistants start this themselves (`tally config claude --write` sets that up). Run on a\n"
                    "terminal, it prints the client config entry first. Logs go to stderr, never stdout.\n"
                    "Examples:\n"
                    "  tally serve --db ~/books.db --toolsets ledger,rewards --read-only\n"
                    "  tally serve --http                    MCP at http://127.0.0.1:8765/mcp\n"
                    "  tally serve --http 0.0.0.0:8765 --public-url https://books.example.com   (needs a key)");

  auto* tools_cmd = app.add_subcommand("tools", "List the tools: name, read/write, what it does");
  tools_cmd->add_option("--toolsets", serve.runtime.toolsets, "Only these toolsets");
  tools_cmd->add_flag("--read-only", serve.runtime.read_only, "Only the read tools");
  tools_cmd->footer("Example: tally tools --toolsets invoicing --read-only");

  bool inbox_no_browser = false;
  auto* inbox_cmd = app.add_subcommand("inbox", "Open the Automation inbox in a browser: review, fix and post drafts");
  add_ledger_flags(inbox_cmd);
  inbox_cmd->add_flag("--no-browser", inbox_no_browser, "Only print the one-time sign-in link");
  inbox_cmd->footer("Serves the inbox on a free loopback port until Ctrl-C (or reuses the one `tally inbox`\n"
                    "already runs for this ledger) and opens $BROWSER, else xdg-open; with no display it prints\n"
                    "the link. The link signs in once, within 10 minutes. Example: tally inbox --db ~/books.db");

  std::string tool, arguments;
  auto* call_cmd = app.add_subcommand("call", "Run one tool in-process and print its result");
  call_cmd->add_option("tool", tool, "Tool name")->required();
  call_cmd->add_option("arguments", arguments, "Arguments as one JSON object, e.g. '{\"limit\":5}'");
  add_ledger_flags(call_cmd);
  add_attach_dir(call_cmd);
  call_cmd->footer("Exit status 1 when the tool answers with an error, 2 when there is no such tool.\n"
                   "Example: tally call list_invoices '{\"status\":\"overdue\"}' --db ~/books.db");

  std::string currency = "USD";
  auto* init_cmd = app.add_subcommand("init", "Create a ledger with default accounts and categories");
  init_cmd->add_option("--currency", currency, "ISO 4217 code of the default accounts")->capture_default_str();
  add_ledger_flags(init_cmd);
  init_cmd->footer("Not needed before `tally serve`: a new ledger is created on first use.\n"
                   "Example: tally init --db ~/books.db --currency EUR");

  int doctor_wait = 10;
  auto* doctor_cmd = app.add_subcommand("doctor", "Check every ledger invariant; non-zero exit names each violation");
  add_ledger_flags(doctor_cmd);
  doctor_cmd->add_option("--wait", doctor_wait, "Seconds to wait for a writer (an import) to finish")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  doctor_cmd->footer("Exit status 0: every invariant holds; 1: violations, each named; 3: the ledger stayed busy,\n"
                     "nothing was checked. Example: tally doctor --db ~/books.db");

  cli::ClientConfigOptions client_config;
  auto* config_cmd = app.add_subcommand(
      "config", "Print, or merge into its config file, the entry that makes Claude Desktop or Cursor run Tally");
  config_cmd->add_option("client", client_config.client, "claude (Claude Desktop) or cursor")
      ->required()
      ->check(CLI::IsMember({"claude", "cursor"}));
  config_cmd->add_flag("--write", client_config.write,
                       "Merge the entry into the config file; other servers and settings are kept, the old file "
                       "is kept as FILE.bak");
  config_cmd->add_flag("--force", client_config.force, "With --write: replace a different entry of the same name");
  config_cmd->add_option("--name", client_config.name, "The entry's name under mcpServers")->capture_default_str();
  config_cmd->add_option("--file", client_config.file,
                         "Config file to write (default: the client's own; e.g. a project's .cursor/mcp.json)");
  add_ledger_flags(config_cmd);
  config_cmd->add_flag("--read-only", serve.runtime.read_only, "The entry serves only the read tools");
  config_cmd->footer("Without --write it prints the JSON to stdout and the file it belongs in to stderr.\n"
                     "Examples:\n"
                     "  tally config claude --write\n"
                     "  tally config cursor --db ~/books.db --toolsets invoicing --write");

  app::RuntimeOptions demo_options;
  demo_options.db_path = cli::demo_database_path();
  auto* demo_cmd = app.add_subcommand(
      "demo", "Create (or refresh) a demo ledger with realistic data for all four toolsets");
  demo_cmd->add_option("--db", demo_options.db_path, "Demo ledger file; replaced only if it is a demo ledger")
      ->capture_default_str();
  demo_cmd->footer("Dates are relative to today (TALLY_NOW fixes today); ids are fixed (TALLY_SEED changes them).\n"
                   "Example: tally demo && tally config claude --db ~/.local/share/tally/demo.db --name tally-demo --write");

  // Toolsets add their own subcommands (data entry, ingest); main only runs what they set.
  std::function<int()> toolset_action;
  app::CommandEnv env{serve.runtime, add_ledger_flags,
                      [&](std::function<int()> action) { toolset_action = std::move(action); }};
  // `tally serve` (what assistants start) needs none of these: registering them
  // all was ~6 M instructions of its cold start (callgrind). Help lists them all.
  bool serving = argc < 2 || std::string_view(argv[1]) == "serve";
  for (int i = 1; i < argc && serving; ++i) {
    std::string_view arg = argv[i];
    serving = arg != "-h" && arg != "--help" && arg != "--help-all";
  }
  if (!serving) {
    for (auto& toolset : app::all_toolsets())
      if (toolset.commands) toolset.commands(app, env);
    transfer::add_commands(app, env);  // import, export, backup, restore
    auth::add_commands(app, env);      // keys, oauth, init --timezone
  }

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
    if (*inbox_cmd) return cli::open_inbox(serve, !inbox_no_browser);
    if (*doctor_cmd) return cli::doctor(serve.runtime, doctor_wait);
    if (*config_cmd) return cli::configure_client(serve.runtime, client_config);
    if (*demo_cmd) return cli::demo(demo_options);
    if (toolset_action) return toolset_action();
    if (*http_opt) {
      if (!serve.runtime.attach_dirs.empty())
        throw std::invalid_argument("--attach-dir is for stdio and the command line; over HTTP files are never read "
                                    "from the server's disk (clients send contentBase64)");
      if (web.listen.empty()) web.listen = "127.0.0.1:8765";
      return cli::serve_http(serve);
    }
    return cli::serve(serve);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", store::describe_error(e).c_str());
    return 2;
  }
}
