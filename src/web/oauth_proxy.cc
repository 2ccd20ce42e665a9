#include "web/oauth_proxy.h"

#include <thread>

#include <spdlog/spdlog.h>

#include "auth/oauth_proxy.h"
#include "auth/url.h"
#include "http/client.h"
#include "util/wipe.h"

namespace tally::web {

namespace {

constexpr const char* kMetadataPath = "/.well-known/oauth-authorization-server";
constexpr int kMaxInFlight = 16;  // outbound exchanges at once; more get 503
constexpr std::size_t kMaxTokenBody = 64 * 1024;

http::Response oauth_error(unsigned status, const char* error, const std::string& description,
                           http::Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Cache-Control", "no-store");
  return http::Response{
      status, std::move(headers),
      nlohmann::json{{"error", error}, {"error_description", description}}.dump()};
}

/// The issuer's metadata: OpenID Connect Discovery (Cognito has only that), then RFC 8414.
nlohmann::json fetch_metadata(const std::string& issuer, std::string& error) {
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto url = auth::parse_url(base);
  if (!url) {
    error = "--oauth-issuer is not a URL";
    return nullptr;
  }
  const std::string candidates[] = {
      base + "/.well-known/openid-configuration",
      url->origin() + "/.well-known/oauth-authorization-server" + url->path};
  std::string errors;
  for (const auto& candidate : candidates) {
    try {
      auto res = http::fetch(candidate, "GET", {{"Accept", "application/json"}}, {},
                             std::chrono::seconds(5));
      if (res.status != 200) {
        errors += (errors.empty() ? "" : "; ") + candidate + ": HTTP " + std::to_string(res.status);
        continue;
      }
      auto j = nlohmann::json::parse(res.body, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        errors += (errors.empty() ? "" : "; ") + candidate + ": not a JSON object";
        continue;
      }
      return j;
    } catch (const std::exception& e) {
      errors += (errors.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  error = "no metadata from the issuer " + issuer + " (" + errors + ")";
  return nullptr;
}

}  // namespace

OAuthProxy::OAuthProxy(std::string issuer) : issuer_(std::move(issuer)) {}

bool OAuthProxy::handles(const std::string& path) {
  return path == kMetadataPath || path == "/oauth2/authorize" || path == "/oauth2/token";
}

std::optional<OAuthProxy::Upstream> OAuthProxy::cached() {
  std::lock_guard lock(mu_);
  return upstream_;
}

std::optional<OAuthProxy::Upstream> OAuthProxy::upstream(std::string& error) {
  {
    std::lock_guard lock(mu_);
    if (upstream_) return upstream_;
    if (std::chrono::steady_clock::now() < next_try_) {
      error = "the issuer's metadata could not be fetched a moment ago; retry shortly";
      return std::nullopt;
    }
    next_try_ = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  }
  nlohmann::json meta = fetch_metadata(issuer_, error);
  if (meta.is_null()) return std::nullopt;
  auto endpoints = auth::upstream_endpoints(meta, error);
  if (!endpoints) return std::nullopt;
  std::lock_guard lock(mu_);
  upstream_ =
      Upstream{std::move(meta), endpoints->authorization_endpoint, endpoints->token_endpoint};
  return upstream_;
}

void OAuthProxy::handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
                        const std::string& public_url, http::Headers cors) {
  if (auto up = cached(); up && request.path != "/oauth2/token") {
    reply->send(answer(request, *up, public_url, std::move(cors)));
    return;
  }
  if (in_flight_.fetch_add(1) >= kMaxInFlight) {
    in_flight_.fetch_sub(1);
    cors.emplace_back("Retry-After", "1");
    reply->send(oauth_error(503, "temporarily_unavailable", "too many sign-ins at once; retry",
                            std::move(cors)));
    return;
  }
  // A detached worker keeps the proxy alive through shared_from_this; the Reply
  // outlives a closed connection harmlessly.
  std::thread([self = shared_from_this(), request, reply, public_url,
               cors = std::move(cors)]() mutable {
    std::string error;
    auto up = self->upstream(error);
    if (!up) {
      spdlog::warn("oauth proxy: {}", error);
      reply->send(oauth_error(502, "temporarily_unavailable",
                              "the authorization server could not be reached: " + error,
                              std::move(cors)));
    } else {
      reply->send(self->answer(request, *up, public_url, std::move(cors)));
    }
    self->in_flight_.fetch_sub(1);
  }).detach();
}

http::Response OAuthProxy::answer(const http::Request& request, const Upstream& up,
                                  const std::string& public_url, http::Headers cors) {
  if (request.path == kMetadataPath) {
    if (request.method != "GET" && request.method != "HEAD")
      return http::Response{405, {{"Allow", "GET"}}, ""};
    http::Headers h{{"Access-Control-Allow-Origin", "*"},
                    {"Cache-Control", "max-age=3600"},
                    {"Content-Type", "application/json"}};
    return http::Response{200, std::move(h), auth::proxy_metadata(up.metadata, public_url).dump()};
  }
  if (request.path == "/oauth2/authorize") {
    if (request.method != "GET") return http::Response{405, {{"Allow", "GET"}}, ""};
    std::string query = auth::without_param(request.query, "resource");
    std::string location = up.authorization_endpoint;
    if (!query.empty()) location += (location.find('?') == std::string::npos ? "?" : "&") + query;
    cors.emplace_back("Location", location);
    cors.emplace_back("Cache-Control", "no-store");
    return http::Response{302, std::move(cors), ""};
  }
  return token(request, up, std::move(cors));
}

http::Response OAuthProxy::token(const http::Request& request, const Upstream& up,
                                 http::Headers cors) {
  if (request.method != "POST") return http::Response{405, {{"Allow", "POST"}}, ""};
  auto type = request.header("content-type");
  if (!type || type->find("application/x-www-form-urlencoded") == std::string_view::npos)
    return oauth_error(400, "invalid_request",
                       "the token request must be application/x-www-form-urlencoded",
                       std::move(cors));
  if (request.body.size() > kMaxTokenBody)
    return oauth_error(413, "invalid_request", "the token request is too large", std::move(cors));
  http::Headers forward{{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Accept", "application/json"}};
  if (auto authorization = request.header("authorization"))  // a confidential client's credentials
    forward.emplace_back("Authorization", std::string(*authorization));
  // The form holds the authorization code or refresh token: wiped once sent.
  std::string form = auth::without_param(request.body, "resource");
  util::WipeOnExit wipe_form(form);
  try {
    auto res = http::fetch(up.token_endpoint, "POST", forward, form, std::chrono::seconds(10));
    if (res.status >= 300 && res.status < 400)
      return oauth_error(502, "temporarily_unavailable",
                         "the authorization server answered with a redirect", std::move(cors));
    auto upstream_type = res.header("content-type");
    cors.emplace_back("Content-Type",
                      upstream_type ? std::string(*upstream_type) : "application/json");
    cors.emplace_back("Cache-Control", "no-store");
    cors.emplace_back("Pragma", "no-cache");
    return http::Response{res.status, std::move(cors), std::move(res.body)};
  } catch (const http::FetchError& e) {
    spdlog::warn("oauth proxy: token exchange failed: {}", e.what());
    return oauth_error(502, "temporarily_unavailable",
                       "the authorization server could not be reached", std::move(cors));
  }
}

}  // namespace tally::web
