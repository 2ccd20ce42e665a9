// tally-bridge: a stdio MCP server that relays every message to a remote
// Streamable HTTP (or legacy HTTP+SSE) MCP server. Only wiring lives here.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli_options.h"
#include "config_command.h"
#include "http_connection.h"
#include "line_reader.h"
#include "logging.h"
#include "oauth/oauth.h"
#include "relay.h"
#include "shutdown_signals.h"
#include "stdout_writer.h"
#include "upstream_error.h"

namespace {
constexpr std::size_t kMaxLine = 64 * 1024 * 1024;
// On stdin EOF, requests still in flight get this long to finish (so
// `echo request | tally-bridge URL` works); the DELETE gets its own bound.
constexpr std::chrono::milliseconds kEofGrace{500};
constexpr std::chrono::milliseconds kDeleteTimeout{1000};
// While the relay's backlog is full, how often a signal is looked for.
constexpr std::chrono::milliseconds kRoomCheck{100};
}  // namespace

int main(int argc, char** argv) {
  using namespace tally::bridge;
  if (argc > 1 && (std::strcmp(argv[1], "login") == 0 || std::strcmp(argv[1], "logout") == 0 ||
                   std::strcmp(argv[1], "status") == 0))
    return oauth::run_command(argc, argv);
  if (argc > 1 && std::strcmp(argv[1], "config") == 0) {
    oauth::OAuthOptions unused;  // the entry's sign-in flags are checked, not used here
    return run_config_command(argc, argv,
                              [&](CLI::App& app) { oauth::add_oauth_options(app, unused); });
  }

  BridgeOptions options;
  oauth::OAuthOptions oauth_options;
  auto parsed = parse_command_line(
      argc, argv, options, [&](CLI::App& app) { oauth::add_oauth_options(app, oauth_options); });
  if (parsed.outcome == ParseOutcome::exit_ok) {
    std::fputs(parsed.message.c_str(), stdout);
    return 0;
  }
  if (parsed.outcome == ParseOutcome::exit_usage) {
    std::fputs(parsed.message.c_str(), stderr);
    return 2;
  }
  std::string error;
  if (!configure_logging(options, error)) {
    std::fprintf(stderr, "tally-bridge: %s\n", error.c_str());
    return 2;
  }

  ShutdownSignals signals;
  init_http_globally();
  auto provider = oauth::make_auth_provider(oauth_options, options.server_url,
                                            options.callback_port, options.http);
  StdoutWriter out(1);
  Relay relay(options, provider.get(), out);
  LineReader reader(0, signals.fd(), kMaxLine);
  auto end = reader.run(
      [&](std::string&& line) {
        relay.handle_line(std::move(line));
        // Backpressure: a client that writes faster than the server answers waits
        // in its own pipe instead of growing the bridge's queue.
        while (!relay.wait_for_room(kRoomCheck) && !signals.pending()) {
        }
      },
      [&] {
        out.write_line(
            jsonrpc_error("null", -32600, "tally-bridge: message longer than 64 MiB dropped"));
      });
  if (!relay.close(end == LineReader::End::eof ? kEofGrace : std::chrono::milliseconds(0),
                   kDeleteTimeout)) {
    // A sign-in still waiting for the browser must not keep a stopped bridge
    // alive; stdout holds only whole lines, so there is nothing to flush.
    std::_Exit(0);
  }
  return 0;
}
