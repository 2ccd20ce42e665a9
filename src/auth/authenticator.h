#pragma once
// One request's Authorization header → who it acts as, or the 401/403 to send.
// Glue over KeyCache (tly_ keys), verify_access_token (JWTs) and the OAuth
// claim mapping, so the HTTP layer makes one call per request:
//
//   auto who = auth.authenticate(request["Authorization"], now_ms);
//   if (who.status != 200) reply(who.status, who.www_authenticate, who.message);
//   …later, for a write tool: if (!who.may_write()) reply 403 with write_challenge()
//
// Rules (issue 16): once a key exists or an issuer is configured, a request
// needs a credential; a revoked key or a bad token is 401 with
// error="invalid_token"; an unmapped (or ambiguous) claim value is 403 naming
// it; a token without the write scope may read, and writes get 403
// insufficient_scope. Messages never contain the token.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential.h"
#include "auth/discovery.h"
#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/key_cache.h"
#include "auth/oauth_mappings.h"

namespace tally::auth {

struct AuthConfig {
  ResourceInfo resource = {};             ///< for the challenges and the audience
  std::optional<TokenPolicy> oauth = {};  ///< set with --oauth-issuer
  std::string read_scope = "tally.read";
  std::string write_scope = "tally.write";
};

struct AuthOutcome {
  int status = 200;              ///< 200, 401 or 403
  std::string www_authenticate;  ///< for 401/403
  std::string message;           ///< for the body and the log; never the token
  bool anonymous = false;        ///< no credential needed (none configured)
  bool oauth = false;            ///< authenticated by a JWT (scopes apply)
  Credential credential;
  std::vector<std::string> scopes;  ///< the token's; empty for keys
  std::string write_scope;

  /// A key or mapping marked read-only never writes; a token needs the write scope.
  bool may_write() const;
  /// True when write tools should be listed/callable at all for this caller.
  /// (Read-only keys see no write tools: −32602 "Unknown tool", as over stdio.)
  bool lists_write_tools() const { return !credential.read_only; }
};

/// Looks a claim's values up in oauth_mapping (the server passes a read connection).
using MappingLookup = std::function<MappingMatch(const std::vector<std::string>& values)>;

class Authenticator {
 public:
  /// `jwks` may be null when config.oauth is unset.
  Authenticator(AuthConfig config, KeyCache& keys, Jwks* jwks, MappingLookup mappings);

  /// True when requests need a credential: an issuer is configured or a key exists.
  bool required();

  /// `authorization` is the header's value ("" when absent).
  AuthOutcome authenticate(std::string_view authorization, std::int64_t now_ms);

  /// The 403 for a write attempted by a token without the write scope.
  std::string write_challenge() const;
  const AuthConfig& config() const { return config_; }

 private:
  AuthOutcome unauthorized(bool token_given, const std::string& message) const;
  AuthOutcome from_token(const std::string& token, std::int64_t now_ms);

  AuthConfig config_;
  KeyCache& keys_;
  Jwks* jwks_;
  MappingLookup mappings_;
};

/// The token of "Bearer TOKEN" (scheme case-insensitive, one space or more), or "".
std::string bearer_token(std::string_view authorization);

}  // namespace tally::auth
