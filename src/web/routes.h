#pragma once
// The routes of `tally serve --http`: the MCP endpoint, health, and the
// checks every request passes first (Host and Origin against DNS rebinding,
// CORS preflight, then the credential and its rate limit) before any body
// byte is read (issue 16, http.md §1–§2).
#include <memory>
#include <string>
#include <vector>

#include "app/call_executor.h"
#include "app/runtime.h"
#include "cli/commands.h"
#include "http/server.h"
#include "mcp/http_endpoint.h"

namespace tally::web {

class Routes {
 public:
  Routes(app::Runtime& runtime, const cli::HttpServeOptions& options, bool loopback);
  ~Routes();

  /// Every request needs a credential (keys exist in the ledger, or --oauth-issuer).
  bool auth_on() const;
  http::Router router(mcp::HttpEndpoint& endpoint, app::CallExecutor& executor);
  /// Writes keys' last use, kept in memory: flush_due at most once a minute
  /// (from the writer, on a timer), flush before exit.
  void flush_due(SQLite::Database& writer);
  /// Once the port is bound: the URL to name in challenges when no --public-url was given.
  void set_default_public_url(const std::string& url);
  void flush(SQLite::Database& writer);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace tally::web
