#pragma once
// The parts of an http(s) URL the outbound client needs.

#include <optional>
#include <string>
#include <string_view>

namespace tally::http {

struct Url {
  std::string scheme;             // "http" or "https"
  std::string host;               // without brackets: "::1", "example.com"
  std::string port;               // digits; the scheme's default when absent
  std::string target;             // path and query, at least "/"
  std::string authority() const;  // for Host: "example.com", "[::1]:8080"
  std::string redacted() const;   // scheme://authority/path: no query, no userinfo (for messages)
};

/// nullopt, with the reason in `error`, unless `text` is an absolute http(s)
/// URL without userinfo or fragment.
std::optional<Url> parse_url(std::string_view text, std::string* error);

}  // namespace tally::http
