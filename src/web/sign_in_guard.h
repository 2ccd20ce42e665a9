#pragma once
// Login CSRF on the inbox's sign-in form (issue 18, Safety): without it a page on
// another site could post its own API key to /inbox/sign-in and sign the
// victim's browser into the attacker's ledger. The form page sets a random nonce
// in a short-lived HttpOnly, SameSite=Strict cookie and carries the nonce's
// HMAC (a per-process key) in a hidden field; a sign-in needs both to match.
// A cross-site post carries no Strict cookie, and a planted cookie (another
// port of 127.0.0.1 is the same site) still lacks a field the server signed for it.
#include <optional>
#include <string>

#include "http/message.h"

namespace tally::web {

class SignInGuard {
 public:
  SignInGuard();  ///< a fresh random key: forms from a previous run are refused

  struct Token {
    std::string field;                      ///< the hidden field's value
    std::optional<std::string> set_cookie;  ///< a Set-Cookie value when a new nonce was made
  };
  /// The token for the sign-in form `request` asked for: its cookie's nonce when it
  /// has one, else a new nonce (and the cookie that carries it).
  Token issue(const http::Head& request) const;
  /// The sign-in post carries the cookie and the field signed for it.
  bool admits(const http::Head& request, const std::string& field) const;

  static constexpr const char* kField = "signin";

 private:
  std::string sign(const std::string& nonce) const;
  std::string key_;
};

}  // namespace tally::web
