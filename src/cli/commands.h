#pragma once
// The `tally` subcommands. Each returns the process exit status.
#include <csignal>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mcp/dispatcher.h"

#include "app/runtime.h"

namespace tally::cli {

struct LogOptions {
  std::string level = "warn";
  std::string file;
};

/// `tally serve --http`: where to listen and how to guard it (README "Serving over HTTP").
struct HttpServeOptions {
  std::string listen;                      ///< [HOST:]PORT; "" = stdio
  std::string public_url;                  ///< origin (+ path prefix) clients use; needed off loopback
  std::vector<std::string> allow_origins;  ///< browser origins allowed besides loopback ones
  std::string rate_limit = "120/min";      ///< per credential; "off"
  std::string tls_cert, tls_key;
  std::string oauth_issuer, oauth_client_id, workspace_claim = "sub";
  std::string read_scope = "tally.read", write_scope = "tally.write";
  bool oauth_proxy = false;
  std::string tracking_rate_limit = "600/min";  ///< postbacks per sender address; "off"
  std::vector<std::string> trust_proxies;       ///< peers whose X-Forwarded-For names the sender
  std::string country_header;                   ///< e.g. CF-IPCountry, read only from trust_proxies
  std::size_t readers = 4;                 ///< read connections (threads)
  unsigned sse_keepalive_ms = 15000;       ///< test-only: SSE keep-alive comment interval
  std::function<void(unsigned port)> on_listening;  ///< once the port is bound (`tally inbox`)
};

/// Outbound affiliate postbacks (issue 17): every long-running serve with the
/// affiliate toolset sends them (README "Outbound postbacks").
struct PostbackServeOptions {
  bool allow_private = false;      ///< --allow-private-postbacks
  unsigned retry_base_ms = 30000;  ///< first retry after 0.5–1× this, doubling
  int attempts = 8;                ///< attempts before a delivery is marked failed
};

struct ServeOptions {
  app::RuntimeOptions runtime;
  PostbackServeOptions postbacks;
  LogOptions log;
  std::size_t page_size = 0;
  HttpServeOptions http;
};

int serve(const ServeOptions& options);
int serve_http(const ServeOptions& options);
/// `tally inbox`: the inbox of this ledger in the browser, through a one-time
/// sign-in link; serves it on a free loopback port unless a server started by
/// `tally inbox` already does (its port file beside the ledger says so).
int open_inbox(ServeOptions options, bool open_browser);
/// Blocks SIGTERM, SIGINT and SIGHUP in every thread started after it (one thread
/// sigwaits for them) and ignores SIGPIPE. Returns the blocked set.
sigset_t block_stop_signals();
mcp::ServerInfo server_info(const app::Runtime& runtime);
/// The background postback sender when this serve has the affiliate toolset and may
/// write (not --read-only); else null. Destroying it stops it and gives up its lease.
std::shared_ptr<void> start_postback_sender(const ServeOptions& options, app::Runtime& runtime);
int list_tools(const app::RuntimeOptions& options);
int call_tool(const app::RuntimeOptions& options, const std::string& tool, const std::string& arguments);
int init_ledger(const app::RuntimeOptions& options, const std::string& currency);
/// `tally doctor`: refuses a path with no ledger (creates nothing); waits up to
/// `wait_seconds` for a writer, then exits 3 saying nothing was checked.
int doctor(const app::RuntimeOptions& options, int wait_seconds);

struct ClientConfigOptions {
  std::string client;  ///< claude or cursor
  std::string name = "tally";
  std::string file;    ///< "" = the client's usual config file
  bool write = false;
  bool force = false;
};

/// `tally config CLIENT`: prints, or with --write merges, the entry that starts
/// `tally serve` with these ledger options.
int configure_client(const app::RuntimeOptions& options, const ClientConfigOptions& config);

/// `tally demo`: creates, or rebuilds, the demo ledger at options.db_path (see
/// src/demo/demo.h). Refuses to replace a file that is not a demo ledger.
int demo(const app::RuntimeOptions& options);

/// $XDG_DATA_HOME/tally/demo.db (~/.local/share/tally/demo.db): beside the
/// default ledger, never the ledger itself.
std::string demo_database_path();

/// Sends spdlog output to stderr, or to `file` when given; never to stdout.
void configure_logging(const LogOptions& options);

}  // namespace tally::cli
