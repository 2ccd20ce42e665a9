#pragma once
// URL rules of the bridge: which server URLs are acceptable (plain http only
// to loopback unless --allow-http) and same-origin checks for redirects and
// the legacy transport's `endpoint` event.
#include <string>

namespace tally::bridge {

struct UrlParts {
  std::string scheme;  ///< lowercase
  std::string host;    ///< lowercase; IPv6 in brackets
  std::string port;    ///< explicit or the scheme's default
};

/// Splits an absolute http(s) URL; false with `error` set otherwise.
bool parse_url(const std::string& url, UrlParts& out, std::string& error);

bool is_loopback_host(const std::string& host);

/// The server URL check done at startup.
bool check_server_url(const std::string& url, bool allow_http, std::string& error);

/// Resolves `reference` (absolute or relative) against `base`.
bool resolve_url(const std::string& base, const std::string& reference, std::string& out);

bool same_origin(const std::string& a, const std::string& b);

}  // namespace tally::bridge
