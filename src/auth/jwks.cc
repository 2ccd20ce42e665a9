#include "auth/jwks.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "auth/url.h"

namespace tally::auth {

namespace {

/// The JSON object at `url`, or an error sentence in `error`.
nlohmann::json fetch_json(const HttpFetch& fetch, const std::string& url, std::string& error) {
  FetchResult r = fetch(url);
  if (r.status == 0) {
    error = url + ": " + (r.error.empty() ? "request failed" : r.error);
    return nullptr;
  }
  if (r.status != 200) {
    error = url + ": HTTP " + std::to_string(r.status);
    return nullptr;
  }
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = url + ": not a JSON object";
    return nullptr;
  }
  return j;
}

}  // namespace

Jwks::Jwks(std::string issuer, HttpFetch fetch, std::string jwks_uri)
    : issuer_(std::move(issuer)), fetch_(std::move(fetch)), jwks_uri_(std::move(jwks_uri)) {
  require_secure_url(issuer_, "--oauth-issuer");
  if (!jwks_uri_.empty()) require_secure_url(jwks_uri_, "jwks_uri");
}

int Jwks::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

std::string Jwks::discover_jwks_uri() {
  std::string base = issuer_;
  while (!base.empty() && base.back() == '/') base.pop_back();
  Url url = *parse_url(base);
  // OpenID Connect Discovery appends; RFC 8414 inserts before the issuer's path.
  const std::string candidates[] = {
      base + "/.well-known/openid-configuration",
      url.origin() + "/.well-known/oauth-authorization-server" + url.path};
  std::string errors;
  for (const auto& candidate : candidates) {
    std::string error;
    nlohmann::json meta = fetch_json(fetch_, candidate, error);
    if (!error.empty()) {
      errors += (errors.empty() ? "" : "; ") + error;
      continue;
    }
    auto iss = meta.find("issuer");
    if (iss == meta.end() || !iss->is_string() || *iss != issuer_)
      return "the metadata at " + candidate + " names another issuer than " + issuer_;
    auto uri = meta.find("jwks_uri");
    if (uri == meta.end() || !uri->is_string())
      return "the metadata at " + candidate + " has no jwks_uri";
    try {
      require_secure_url(*uri, "jwks_uri");
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    jwks_uri_ = *uri;
    return "";
  }
  return "no authorization server metadata for " + issuer_ + " (" + errors + ")";
}

std::string Jwks::fetch_keys(std::int64_t now_ms) {
  next_fetch_ms_ = now_ms + kRetryAfterFailureMs;
  ++fetches_;
  if (jwks_uri_.empty())
    if (std::string error = discover_jwks_uri(); !error.empty()) return error;
  std::string error;
  nlohmann::json set = fetch_json(fetch_, jwks_uri_, error);
  if (!error.empty()) return error;
  auto list = set.find("keys");
  if (list == set.end() || !list->is_array()) return jwks_uri_ + ": no \"keys\" array";
  std::map<std::string, Jwk> keys;
  for (const auto& entry : *list) {
    std::string key_error;
    Jwk jwk = jwk_from_json(entry, key_error);
    if (jwk.key) keys[jwk.kid] = std::move(jwk);  // keys Tally cannot use are skipped
  }
  keys_ = std::move(keys);
  loaded_ = true;
  next_fetch_ms_ = now_ms + kRefetchMs;
  return "";
}

std::string Jwks::refresh(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  return fetch_keys(now_ms);
}

Jwks::Lookup Jwks::find(const std::string& kid, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto lookup = [&]() -> const Jwk* {
    if (kid.empty()) return keys_.size() == 1 ? &keys_.begin()->second : nullptr;
    auto it = keys_.find(kid);
    return it == keys_.end() ? nullptr : &it->second;
  };
  const Jwk* found = loaded_ ? lookup() : nullptr;
  if (!found && now_ms >= next_fetch_ms_) {
    if (std::string error = fetch_keys(now_ms); !error.empty())
      return {TokenError::jwks_unavailable, "cannot fetch the issuer's keys: " + error, {}};
    found = lookup();
  }
  if (!found) {
    if (!loaded_)
      return {TokenError::jwks_unavailable, "the issuer's keys are not available yet", {}};
    return {TokenError::unknown_key,
            kid.empty() ? "the token names no key id and the issuer has several keys"
                        : "the issuer's key set has no key with the token's kid",
            {}};
  }
  return {TokenError::none, "", *found};
}

}  // namespace tally::auth
