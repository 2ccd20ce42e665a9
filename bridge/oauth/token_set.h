#pragma once
// What a token endpoint hands back, as kept in memory and in the token store.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "src/util/wipe.h"

namespace tally::bridge::oauth {

int64_t unix_now();

struct TokenSet {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
  std::string scope;     ///< as granted (or as requested when the AS omits it)
  int64_t expires_at = 0;  ///< unix seconds; 0 = unknown
  int64_t issued_at = 0;
  std::string issuer;    ///< tokens go only to this AS's token endpoint

  TokenSet() = default;
  TokenSet(const TokenSet&) = default;
  TokenSet(TokenSet&&) = default;
  TokenSet& operator=(const TokenSet&) = default;
  TokenSet& operator=(TokenSet&&) = default;
  /// The tokens are wiped from memory with the set (issue 22).
  ~TokenSet() {
    tally::util::wipe(access_token);
    tally::util::wipe(refresh_token);
    tally::util::wipe(id_token);
  }

  bool empty() const { return access_token.empty() && id_token.empty(); }
  /// The bearer value sent upstream: the ID token under --use-id-token (Cognito), else the access token.
  const std::string& bearer(bool use_id_token) const { return use_id_token ? id_token : access_token; }
  /// Expiry of the bearer actually sent: the ID token's own `exp` under --use-id-token.
  int64_t bearer_expiry(bool use_id_token) const;
  /// True when within the refresh margin of expiry: a tenth of the lifetime, at most 60 s.
  bool expiring(bool use_id_token, int64_t now) const;

  nlohmann::json to_json() const;
  static TokenSet from_json(const nlohmann::json& doc);
};

}  // namespace tally::bridge::oauth
