#include "auth/authenticator.h"

#include <cctype>

#include "auth/api_keys.h"
#include "util/wipe.h"

namespace tally::auth {

bool AuthOutcome::may_write() const {
  if (credential.read_only) return false;
  if (!oauth) return true;
  for (const auto& s : scopes)
    if (s == write_scope) return true;
  return false;
}

std::string bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return "";
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return "";
  std::size_t at = kScheme.size();
  if (authorization[at] != ' ') return "";
  while (at < authorization.size() && authorization[at] == ' ') ++at;
  std::string_view token = authorization.substr(at);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.find(' ') != std::string_view::npos) return "";
  return std::string(token);
}

Authenticator::Authenticator(AuthConfig config, KeyCache& keys, Jwks* jwks, MappingLookup mappings)
    : config_(std::move(config)), keys_(keys), jwks_(jwks), mappings_(std::move(mappings)) {}

bool Authenticator::required() {
  return config_.oauth.has_value() || keys_.any_keys();
}

AuthOutcome Authenticator::unauthorized(bool token_given, const std::string& message) const {
  AuthOutcome out;
  out.status = 401;
  out.message = message;
  out.www_authenticate = unauthorized_challenge(config_.resource, {config_.read_scope}, token_given,
                                                token_given ? message : "");
  return out;
}

std::string Authenticator::write_challenge() const {
  return insufficient_scope_challenge(config_.resource, {config_.read_scope, config_.write_scope});
}

AuthOutcome Authenticator::authenticate(std::string_view authorization, std::int64_t now_ms) {
  std::string token = bearer_token(authorization);
  util::WipeOnExit wipe_token(token);
  if (token.empty()) {
    if (!required()) {
      AuthOutcome open;
      open.anonymous = true;
      return open;
    }
    return unauthorized(false, authorization.empty()
                                   ? "This server needs a credential: send Authorization: Bearer …"
                                   : "The Authorization header is not \"Bearer TOKEN\".");
  }
  if (token.rfind(kKeyPrefix, 0) == 0) {
    auto credential = keys_.find(token, now_ms);
    if (!credential) return unauthorized(true, "The API key is unknown or revoked.");
    AuthOutcome out;
    out.credential = std::move(*credential);
    out.write_scope = config_.write_scope;
    return out;
  }
  if (!config_.oauth || jwks_ == nullptr)
    return unauthorized(true, "The API key is unknown or revoked.");
  return from_token(token, now_ms);
}

AuthOutcome Authenticator::from_token(const std::string& token, std::int64_t now_ms) {
  TokenResult verified = verify_access_token(token, *config_.oauth, *jwks_, now_ms / 1000);
  if (!verified.ok())
    return unauthorized(true, "The access token was refused: " + verified.message + ".");
  if (!has_scope(verified.token, config_.read_scope) &&
      !has_scope(verified.token, config_.write_scope)) {
    AuthOutcome out;
    out.status = 403;
    out.message = "The access token has neither " + config_.read_scope + " nor " +
                  config_.write_scope + " scope.";
    out.www_authenticate = insufficient_scope_challenge(config_.resource, {config_.read_scope});
    return out;
  }
  MappingMatch match = mappings_(verified.token.workspace_values);
  const std::string& claim = config_.oauth->workspace_claim;
  if (match.kind != MappingMatch::Kind::found) {
    AuthOutcome out;
    out.status = 403;
    if (match.kind == MappingMatch::Kind::ambiguous) {
      std::string values;
      for (const auto& v : match.matched) values += (values.empty() ? "\"" : ", \"") + v + "\"";
      out.message =
          "The token's " + claim + " matches several mapped values (" + values +
          "); a caller must match exactly one. Remove all but one with: tally oauth unmap VALUE";
    } else {
      std::string values;  // claim values are names (a sub, groups), not secrets
      const auto& all = verified.token.workspace_values;
      for (std::size_t i = 0; i < all.size() && i < 5; ++i)
        values += (values.empty() ? "\"" : ", \"") + all[i] + "\"";
      if (all.size() > 5) values += ", …";
      out.message = "No workspace for this caller: map the token's " + claim + " (" + values +
                    ") with: tally oauth map VALUE --workspace NAME";
    }
    return out;
  }
  AuthOutcome out;
  out.oauth = true;
  out.credential = std::move(match.credential);
  out.scopes = std::move(verified.token.scopes);
  out.write_scope = config_.write_scope;
  return out;
}

}  // namespace tally::auth
