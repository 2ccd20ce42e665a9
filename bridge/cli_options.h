#pragma once
// The bridge's command line, compatible with mcp-remote:
//   tally-bridge <server-url> [callback-port] [flags]
// so `npx mcp-remote` can be replaced by `tally-bridge` in a client config.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "header_expand.h"
#include "http_settings.h"

namespace CLI {
class App;
}

namespace tally::bridge {

enum class TransportStrategy { http_first, sse_first, http_only, sse_only };

/// Which MCP era to speak upstream (protocol-2026.md §C1): `auto` probes with
/// server/discover (cached per server), `legacy` never probes, `modern` never falls back.
enum class ProtocolMode { automatic, legacy, modern };

struct BridgeOptions {
  std::string server_url;
  std::optional<int> callback_port;
  std::vector<Header> headers;
  TransportStrategy transport = TransportStrategy::http_first;
  ProtocolMode protocol = ProtocolMode::automatic;
  std::vector<std::string> ignore_tools;
  bool silent = false;
  bool debug = false;
  std::string log_file;  ///< --debug destination; default under the state dir
  HttpSettings http;
};

enum class ParseOutcome { run, exit_ok, exit_usage };

struct ParseResult {
  ParseOutcome outcome = ParseOutcome::run;
  std::string message;  ///< help/version text (exit_ok) or the error plus usage (exit_usage)
};

/// Parses argv. `extra_options` registers more flags (sign-in's) on the same app.
ParseResult parse_command_line(int argc, const char* const* argv, BridgeOptions& options,
                               const std::function<void(CLI::App&)>& extra_options = {},
                               const EnvLookup& env = process_env());

/// Where --debug writes when no --log-file is given.
std::string default_log_file(const EnvLookup& env = process_env());

}  // namespace tally::bridge
