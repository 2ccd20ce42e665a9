#pragma once
// Trcker's tracking endpoints over HTTP (issue 17, seed 002), the two URLs
// get_offer_config hands out: the click redirect /c/{brand}/{offerId}/{partnerId}
// (records the click, sends the shopper to the offer's own destination) and the
// inbound postback /api/postback/{brand}/{offerId}?…, answered by the same ingest
// as `tally affiliate postback`. Not MCP endpoints: no credential (a postback's
// signature is its credential), no Origin or JSON-RPC rules; their own rate
// limit per sender address.
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
  void postback(const http::Request& request, std::shared_ptr<http::Reply> reply,
                app::CallExecutor& executor);
  void click(const http::Request& request, std::shared_ptr<http::Reply> reply,
             app::CallExecutor& executor);
  /// The visitor's country (ISO 3166 alpha-2, upper-case) from --country-header, only from a
  /// trusted proxy.
  std::optional<std::string> country(const http::Head& head) const;
  bool from_trusted_proxy(const http::Head& head) const;

  cli::HttpServeOptions options_;
  std::unique_ptr<auth::RateLimiter> limiter_;  // null when off
};

}  // namespace tally::web
