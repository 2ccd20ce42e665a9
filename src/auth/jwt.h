#pragma once
// JWT access tokens from an external authorization server (RFC 9068 / RFC 7519),
// verified with OpenSSL 3 EVP against the issuer's JWKS. Only asymmetric
// algorithms are accepted (RS256, ES256, PS256): `none` and HS* are refused
// before any key is looked at, so a public key can never be used as an HMAC
// secret. A header with `crit` is refused (no extension is understood).
// Errors carry an enum for the server and a sentence for logs; neither ever
// contains the token.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tally::auth {

class Jwks;

enum class TokenError {
  none,
  malformed,              ///< not three strict base64url segments of JSON objects
  unsupported_algorithm,  ///< none, HS*, or anything but RS256/ES256/PS256
  critical_header,        ///< `crit` present
  unknown_key,            ///< no JWKS key for its kid (after the allowed refetch)
  jwks_unavailable,       ///< the issuer's keys could not be fetched
  bad_signature,
  wrong_issuer,
  wrong_audience,    ///< aud is not the resource (nor client_id the configured one)
  not_access_token,  ///< token_use is not "access" (a Cognito ID token)
  expired,
  not_yet_valid,  ///< nbf or iat in the future
  missing_claim,  ///< exp, or the workspace claim
};

/// A short stable name ("expired", "wrong_audience") for logs and tests.
const char* token_error_name(TokenError error);

struct TokenPolicy {
  std::string issuer = {};     ///< compared exactly with `iss`
  std::string audience = {};   ///< the canonical resource URL (<public-url>/mcp)
  std::string client_id = {};  ///< Cognito: accept client_id == this with token_use == access
  std::string workspace_claim = "sub";
  std::int64_t skew_seconds = 60;
};

struct AccessToken {
  std::string subject;
  std::vector<std::string> scopes;  ///< from `scope` (space-separated) or `scp` (array)
  std::vector<std::string>
      workspace_values;         ///< the workspace claim: one string, or an array's strings
  std::int64_t expires_at = 0;  ///< seconds since the epoch
  nlohmann::json claims;
};

struct TokenResult {
  TokenError error = TokenError::none;
  std::string message;  ///< for the log and the WWW-Authenticate error_description
  AccessToken token;
  bool ok() const { return error == TokenError::none; }
};

/// Verifies a compact JWS access token at `now_seconds`. May fetch the issuer's
/// keys through `keys` (an unknown kid refetches at most once a minute).
TokenResult verify_access_token(const std::string& token, const TokenPolicy& policy, Jwks& keys,
                                std::int64_t now_seconds);

bool has_scope(const AccessToken& token, const std::string& scope);

}  // namespace tally::auth
