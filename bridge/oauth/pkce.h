#pragma once
// PKCE (RFC 7636) with S256 only (MCP auth §Authorization Code Protection), plus the
// CSPRNG strings `state` and JWT ids come from. OpenSSL's RAND_bytes is the source.
#include <string>

namespace tally::bridge::oauth {

/// base64url of `bytes` random bytes from a CSPRNG; throws std::runtime_error if it fails.
std::string random_token(size_t bytes);

struct Pkce {
  std::string verifier;   ///< 43 chars of [A-Za-z0-9-_] (32 random bytes)
  std::string challenge;  ///< base64url(SHA-256(verifier)), unpadded
};

/// A fresh pair; call once per authorization attempt.
Pkce make_pkce();
std::string s256_challenge(const std::string& verifier);

}  // namespace tally::bridge::oauth
