#include "cli_options.h"

#include <map>

#include <CLI/CLI.hpp>

#include "server_url.h"
#include "tally_version.h"

namespace tally::bridge {
namespace {

constexpr const char* kUsage =
    "usage: tally-bridge <server-url> [callback-port] [--header \"Name: value\"]... [--header-file FILE]\n"
    "                    [--allow-http] [--transport http-first|sse-first|http-only|sse-only]\n"
    "                    [--ignore-tool PATTERN]... [--ca-file FILE] [--silent] [--debug] [--log-file FILE]\n"
    "       tally-bridge login|logout|status <server-url> [flags]\n"
    "       tally-bridge config claude|cursor <server-url> [flags] [--write]\n"
    "Run `tally-bridge --help` for every flag.\n";

}  // namespace

std::string default_log_file(const EnvLookup& env) {
  if (auto dir = env("TALLY_BRIDGE_DIR"); dir && !dir->empty()) return *dir + "/debug.log";
  if (auto state = env("XDG_STATE_HOME"); state && !state->empty())
    return *state + "/tally-bridge/debug.log";
  if (auto home = env("HOME"); home && !home->empty())
    return *home + "/.local/state/tally-bridge/debug.log";
  return "tally-bridge-debug.log";
}

ParseResult parse_command_line(int argc, const char* const* argv, BridgeOptions& options,
                               const std::function<void(CLI::App&)>& extra_options,
                               const EnvLookup& env) {
  CLI::App app{"tally-bridge: connects a stdio MCP client (Claude Desktop, Cursor, ...) to a remote Streamable\n"
               "HTTP MCP server, signing in with OAuth 2.1 when it asks. A drop-in for `npx mcp-remote`.",
               "tally-bridge"};
  app.footer(
      "Other commands:\n"
      "  tally-bridge login|logout|status <server-url>   sign in ahead of time, sign out, show the stored tokens\n"
      "  tally-bridge config claude|cursor <server-url> [flags] [--write]\n"
      "                                                  the client entry for this bridge (--help for more)\n\n"
      "Examples:\n"
      "  tally-bridge https://example.com/mcp --header \"Authorization: Bearer ${TOKEN}\"\n"
      "  tally-bridge config cursor https://example.com/mcp --write");
  app.set_version_flag("--version", std::string("tally-bridge ") + TALLY_VERSION);

  std::vector<std::string> header_specs;
  std::vector<std::string> header_files;
  std::string transport = "http-first";
  std::string protocol = "auto";
  int port = 0;
  double connect_timeout_s = static_cast<double>(options.http.connect_timeout_ms) / 1000.0;

  app.add_option("server-url", options.server_url, "Streamable HTTP (or legacy SSE) endpoint")->required();
  app.add_option("callback-port", port, "Port for the sign-in callback (as mcp-remote)")
      ->check(CLI::Range(1, 65535));
  app.add_option("--header", header_specs, "Extra request header \"Name: value\"; ${VAR} is expanded")
      ->allow_extra_args(false);
  app.add_option("--header-file", header_files, "File with one \"Name: value\" header per line")
      ->allow_extra_args(false);
  app.add_flag("--allow-http", options.http.allow_http, "Allow plain http:// to hosts other than loopback");
  app.add_option("--transport", transport, "http-first (default), sse-first, http-only or sse-only")
      ->check(CLI::IsMember({"http-first", "sse-first", "http-only", "sse-only"}));
  app.add_option("--protocol", protocol,
                 "Upstream MCP era: auto (default: probe server/discover, cached per server), legacy or modern")
      ->check(CLI::IsMember({"auto", "legacy", "modern"}));
  app.add_option("--ignore-tool", options.ignore_tools,
                 "Hide tools matching PATTERN (case-insensitive, * wildcard)")
      ->allow_extra_args(false);
  app.add_option("--ca-file", options.http.ca_file, "Extra PEM CA bundle instead of the system store");
  app.add_option("--connect-timeout", connect_timeout_s, "Seconds to wait for a connection (default 10)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--silent", options.silent, "Write nothing to stderr");
  app.add_flag("--debug", options.debug, "Write a debug log file (see --log-file)");
  app.add_option("--log-file", options.log_file, "Debug log destination (implies --debug)");
  // mcp-remote's opt-in for proxy variables; they are always honoured here.
  bool enable_proxy = false;
  app.add_flag("--enable-proxy", enable_proxy, "Accepted for mcp-remote compatibility (proxies are always honoured)");
  if (extra_options) extra_options(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return {ParseOutcome::exit_ok, app.help()};
  } catch (const CLI::CallForVersion&) {
    return {ParseOutcome::exit_ok, std::string("tally-bridge ") + TALLY_VERSION + "\n"};
  } catch (const CLI::ParseError& e) {
    return {ParseOutcome::exit_usage, std::string("tally-bridge: ") + e.what() + "\n" + kUsage};
  }

  auto fail = [](const std::string& what) {
    return ParseResult{ParseOutcome::exit_usage, "tally-bridge: " + what + "\n" + kUsage};
  };
  if (port != 0) options.callback_port = port;
  static const std::map<std::string, TransportStrategy> kTransports = {
      {"http-first", TransportStrategy::http_first},
      {"sse-first", TransportStrategy::sse_first},
      {"http-only", TransportStrategy::http_only},
      {"sse-only", TransportStrategy::sse_only}};
  options.transport = kTransports.at(transport);
  options.protocol = protocol == "legacy"   ? ProtocolMode::legacy
                     : protocol == "modern" ? ProtocolMode::modern
                                            : ProtocolMode::automatic;
  options.http.connect_timeout_ms = static_cast<long>(connect_timeout_s * 1000.0);
  if (!options.log_file.empty()) options.debug = true;
  if (options.debug && options.log_file.empty()) options.log_file = default_log_file(env);

  std::string error;
  if (!check_server_url(options.server_url, options.http.allow_http, error)) return fail(error);
  for (const auto& spec : header_specs) {
    Header h;
    if (!parse_header(spec, env, h, error)) return fail("--header: " + error);
    options.headers.push_back(std::move(h));
  }
  for (const auto& file : header_files) {
    if (!read_header_file(file, env, options.headers, error)) return fail("--header-file: " + error);
  }
  return {};
}

}  // namespace tally::bridge
