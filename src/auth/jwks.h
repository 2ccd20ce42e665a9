#pragma once
// The issuer's signing keys (JWKS), cached by kid. Found through the issuer's
// metadata (OpenID discovery, then RFC 8414), fetched through an injected
// function so the library needs no HTTP client (the server passes its own).
// An unknown kid refetches the set at most once a minute (issue 16): a flood of
// tokens with invented kids costs the issuer one request a minute. A failed
// fetch is retried after 10 s.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "auth/jwk.h"
#include "auth/jwt.h"

namespace tally::auth {

struct FetchResult {
  int status = 0;  ///< HTTP status; 0 when the request failed
  std::string body;
  std::string error;  ///< transport failure, for the log
};
/// GET `url` (https, or http on loopback), following no redirects. It runs
/// under the Jwks lock, so it must time out (a few seconds): verifications that
/// need the key set wait for it.
using HttpFetch = std::function<FetchResult(const std::string& url)>;

class Jwks {
 public:
  /// Throws std::invalid_argument when `issuer` is not https (http only on
  /// loopback). `jwks_uri` "" = discover it from the issuer's metadata.
  Jwks(std::string issuer, HttpFetch fetch, std::string jwks_uri = "");

  struct Lookup {
    TokenError error = TokenError::none;
    std::string message;
    Jwk jwk;
  };

  /// The key for `kid` ("" = the token named none: the set's only key).
  /// Thread-safe; may call the fetch function (under the lock).
  Lookup find(const std::string& kid, std::int64_t now_ms);

  /// Fetches now (e.g. at start, to report a wrong issuer early): "" or the error.
  std::string refresh(std::int64_t now_ms);

  const std::string& issuer() const { return issuer_; }
  /// How many times the key set was fetched (tests, logs).
  int fetches() const;

 private:
  std::string fetch_keys(std::int64_t now_ms);  // with mutex_ held
  std::string discover_jwks_uri();

  static constexpr std::int64_t kRefetchMs = 60000;
  static constexpr std::int64_t kRetryAfterFailureMs = 10000;
  std::string issuer_;
  HttpFetch fetch_;
  std::string jwks_uri_;
  mutable std::mutex mutex_;
  std::map<std::string, Jwk> keys_;
  bool loaded_ = false;
  std::int64_t next_fetch_ms_ = 0;  ///< no fetch before this
  int fetches_ = 0;
};

}  // namespace tally::auth
