#pragma once
// Trcker's inbound postback over HTTP (issue 17, seed 002): the URL that
// get_offer_config hands out, /api/postback/{brand}/{offerId}?…, answered by
// the same ingest as `tally affiliate postback`. Not an MCP endpoint: no
// credential (the signature or secret is the credential), no Origin or
// JSON-RPC rules; its own rate limit per sender address.
#include <memory>
#include <optional>
#include <string>

#include "app/call_executor.h"
#include "auth/rate_limiter.h"
#include "cli/commands.h"
#include "http/message.h"
#include "http/reply.h"

namespace tally::web {

class Tracking {
 public:
  /// Throws std::invalid_argument with a sentence for the user on a bad --tracking-rate-limit.
  explicit Tracking(const cli::HttpServeOptions& options);

  static bool handles(const std::string& path);
  /// From the head alone: 405 for a method other than GET or POST, 429 over the limit.
  std::optional<http::Response> admit(const http::Head& head);
  /// Records the postback on the writer; answers JSON.
  void handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
              app::CallExecutor& executor);

  /// The sender's address: the peer, or behind a --trust-proxy address the last
  /// hop that proxy added to X-Forwarded-For.
  std::string sender(const http::Head& head) const;

 private:
  cli::HttpServeOptions options_;
  std::unique_ptr<auth::RateLimiter> limiter_;  // null when off
};

}  // namespace tally::web
