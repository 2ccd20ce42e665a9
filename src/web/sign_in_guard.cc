#include "web/sign_in_guard.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "web/html.h"

namespace tally::web {

namespace {

constexpr const char* kCookie = "tally_signin";

bool is_nonce(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

SignInGuard::SignInGuard() : key_(random_hex(32)) {}

std::string SignInGuard::sign(const std::string& nonce) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size(), out, &len);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += digits[out[i] >> 4];
    hex += digits[out[i] & 15];
  }
  return hex;
}

SignInGuard::Token SignInGuard::issue(const http::Head& request) const {
  if (auto header = request.header("cookie"))
    if (auto nonce = cookie_value(*header, kCookie); nonce && is_nonce(*nonce))
      return {sign(*nonce), std::nullopt};
  std::string nonce = random_hex(16);
  return {sign(nonce), std::string(kCookie) + "=" + nonce +
                           "; Path=/inbox/sign-in; HttpOnly; SameSite=Strict; Max-Age=1800" +
                           (request.tls ? "; Secure" : "")};
}

bool SignInGuard::admits(const http::Head& request, const std::string& field) const {
  auto header = request.header("cookie");
  if (!header) return false;
  auto nonce = cookie_value(*header, kCookie);
  return nonce && is_nonce(*nonce) && same_secret(field, sign(*nonce));
}

}  // namespace tally::web
