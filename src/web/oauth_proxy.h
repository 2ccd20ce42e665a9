#pragma once
// `tally serve --http --oauth-proxy` (issue 16, seed 000): Tally is the
// authorization server its clients see. It serves RFC 8414 metadata naming
// itself, redirects /oauth2/authorize to the issuer's and forwards
// /oauth2/token to the issuer's, each without `resource`, which Amazon Cognito
// refuses and MCP clients always send. Tokens still come from, and are checked
// against, the issuer. Nothing of a request's query or body is logged.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "http/reply.h"

namespace tally::web {

class OAuthProxy : public std::enable_shared_from_this<OAuthProxy> {
 public:
  explicit OAuthProxy(std::string issuer);

  /// The paths it answers: /.well-known/oauth-authorization-server, /oauth2/authorize,
  /// /oauth2/token.
  static bool handles(const std::string& path);

  /// Answers now when it can (metadata known), else on a worker thread: the
  /// issuer's metadata and the token exchange are outbound requests that must
  /// not hold an io thread. `public_url` is canonical (no trailing slash).
  void handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
              const std::string& public_url, http::Headers cors);

 private:
  struct Upstream {
    nlohmann::json metadata;
    std::string authorization_endpoint;
    std::string token_endpoint;
  };
  std::optional<Upstream> cached();
  /// Fetches the issuer's metadata unless known; the reason in `error` on failure.
  std::optional<Upstream> upstream(std::string& error);
  http::Response answer(const http::Request& request, const Upstream& up,
                        const std::string& public_url, http::Headers cors);
  http::Response token(const http::Request& request, const Upstream& up, http::Headers cors);

  std::string issuer_;
  std::mutex mu_;
  std::optional<Upstream> upstream_;
  std::chrono::steady_clock::time_point next_try_{};
  std::atomic<int> in_flight_{0};
};

}  // namespace tally::web
