#include "web/gate.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "auth/oauth_mappings.h"
#include "auth/url.h"
#include "http/client.h"
#include "mcp/json_rpc.h"

namespace tally::web {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<SQLite::Database> open_reader(const std::string& path) {
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
  db->setBusyTimeout(5000);
  return db;
}

http::Response refusal(int status, const std::string& challenge, const std::string& message, http::Headers extra) {
  if (!challenge.empty()) extra.emplace_back("WWW-Authenticate", challenge);
  extra.emplace_back("Content-Type", "application/json");
  return http::Response{static_cast<unsigned>(status), std::move(extra),
                        mcp::to_line(mcp::make_error(nullptr, mcp::ErrorCode::kInvalidRequest, message))};
}

auth::HttpFetch beast_fetch() {
  return [](const std::string& url) {
    auth::FetchResult r;
    try {
      auto res = http::fetch(url, "GET", {{"Accept", "application/json"}}, {}, std::chrono::seconds(5));
      r.status = static_cast<int>(res.status);
      r.body = std::move(res.body);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  };
}

}  // namespace

Gate::Gate(const std::string& db_path, const cli::HttpServeOptions& options) : options_(options) {
  std::string error;
  auto rate = auth::parse_rate(options.rate_limit, error);
  if (!rate) throw std::invalid_argument("--rate-limit: " + error);
  per_credential_ = std::make_unique<auth::RateLimiter>(*rate);
  per_address_ = std::make_unique<auth::RateLimiter>(*rate);

  keys_db_ = open_reader(db_path);
  maps_db_ = open_reader(db_path);
  keys_ = std::make_unique<auth::KeyCache>(*keys_db_);
  if (!options.oauth_issuer.empty()) {
    if (options.public_url.empty() && options.oauth_client_id.empty())
      throw std::invalid_argument("--oauth-issuer needs --public-url: tokens must be issued for <public-url>/mcp");
    jwks_ = std::make_unique<auth::Jwks>(options.oauth_issuer, beast_fetch());
  } else if (options.oauth_proxy) {
    throw std::invalid_argument("--oauth-proxy needs --oauth-issuer: the authorization server to forward to");
  }
  build_authenticator(options.public_url.empty() ? "http://127.0.0.1" : options.public_url);
}

void Gate::set_default_public_url(const std::string& url) {
  if (options_.public_url.empty()) build_authenticator(url);
}

void Gate::build_authenticator(const std::string& public_url) {
  const cli::HttpServeOptions& options = options_;
  auth::AuthConfig config;
  config.read_scope = options.read_scope;
  config.write_scope = options.write_scope;
  config.resource.scopes = {options.read_scope, options.write_scope};
  config.resource.public_url = auth::canonical_public_url(public_url);
  if (!options.oauth_issuer.empty()) {
    auth::TokenPolicy policy;
    policy.issuer = options.oauth_issuer;
    if (!config.resource.public_url.empty()) policy.audience = auth::resource_url(config.resource.public_url);
    policy.client_id = options.oauth_client_id;
    policy.workspace_claim = options.workspace_claim;
    config.oauth = policy;
    // With --oauth-proxy Tally is the authorization server clients talk to (seed 000).
    config.resource.authorization_servers = {options.oauth_proxy ? config.resource.public_url : options.oauth_issuer};
  }
  public_url_ = config.resource.public_url;
  auth_ = std::make_unique<auth::Authenticator>(config, *keys_, jwks_.get(),
                                                [this](const std::vector<std::string>& values) {
                                                  std::lock_guard lock(maps_mu_);
                                                  return auth::find_mapping(*maps_db_, values);
                                                });
}

Gate::~Gate() = default;

std::optional<http::Response> Gate::admit(const http::Head& head) {
  auto header = head.header("authorization");
  const std::string authorization = header ? std::string(*header) : std::string();
  const std::int64_t now = now_ms();
  auth::AuthOutcome outcome = auth_->authenticate(authorization, now);
  head.route_state = outcome;  // who() reads it back: one check per request
  std::string bucket;
  if (outcome.status == 200 && !outcome.anonymous) {
    bucket = outcome.credential.id;
  } else if (outcome.status == 401 && authorization.empty()) {
    bucket = "addr:" + head.peer_address;  // maybe a public call: the body decides (Routes)
  } else if (outcome.status != 200) {
    return refusal(outcome.status, outcome.www_authenticate, outcome.message, {});
  } else {
    bucket = "addr:" + head.peer_address;  // no credentials configured
  }
  auto& limiter = bucket.rfind("addr:", 0) == 0 ? *per_address_ : *per_credential_;
  auto decision = limiter.check(bucket, now);
  if (!decision.allowed)
    return http::Response{429,
                          {{"Retry-After", std::to_string(decision.retry_after_seconds)},
                           {"Content-Type", "application/json"}},
                          mcp::to_line(mcp::make_error(nullptr, mcp::ErrorCode::kInvalidRequest,
                                                       "Too many requests: the limit is " + options_.rate_limit +
                                                           "; retry after " +
                                                           std::to_string(decision.retry_after_seconds) + " s"))};
  return std::nullopt;
}

auth::AuthOutcome Gate::who(const http::Head& head) {
  if (const auto* known = std::any_cast<auth::AuthOutcome>(&head.route_state)) return *known;
  auto header = head.header("authorization");
  return auth_->authenticate(header ? std::string(*header) : std::string(), now_ms());
}

http::Response Gate::unauthorized(const http::Headers& extra) const {
  auth::AuthOutcome o = auth_->authenticate("", now_ms());
  return refusal(401, o.www_authenticate, o.message.empty() ? "Unauthorized: send Authorization: Bearer <key or token>" : o.message,
                 extra);
}

http::Response Gate::insufficient_scope(const http::Headers& extra) const {
  return refusal(403, auth_->write_challenge(),
                 "Forbidden: this token lacks the " + options_.write_scope + " scope that write tools need", extra);
}

std::string Gate::metadata() const {
  if (options_.oauth_issuer.empty()) return "";
  return auth::protected_resource_metadata(auth_->config().resource);
}

void Gate::flush_last_used(SQLite::Database& writer, bool force) {
  try {
    keys_->flush_last_used(writer, now_ms(), force);
  } catch (const std::exception& e) {
    spdlog::warn("could not record keys' last use: {}", e.what());
  }
}

}  // namespace tally::web
