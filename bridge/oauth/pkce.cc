#include "oauth/pkce.h"

#include <stdexcept>
#include <vector>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "oauth/base64.h"

namespace tally::bridge::oauth {

std::string random_token(size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), int(buffer.size())) != 1) {
    throw std::runtime_error("the system random number generator failed");
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::string s256_challenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Pkce make_pkce() {
  Pkce pkce;
  pkce.verifier = random_token(32);  // 32 bytes -> 43 chars, the RFC 7636 minimum length
  pkce.challenge = s256_challenge(pkce.verifier);
  return pkce;
}

}  // namespace tally::bridge::oauth
