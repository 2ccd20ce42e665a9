#pragma once
// The few URL rules the resource server needs: the canonical resource URL
// (RFC 8707 / MCP authorization: scheme and host lower-case, default port
// dropped, no query, fragment or trailing slash), and "https unless loopback"
// for issuers and JWKS.
#include <optional>
#include <string>

namespace tally::auth {

struct Url {
  std::string scheme;  ///< lower-case: http or https
  std::string host;    ///< lower-case; IPv6 in brackets
  std::string port;    ///< "" = the scheme's default
  std::string path;    ///< "" or starting with '/'
  std::string query;   ///< without '?'

  /// scheme://host[:port]
  std::string origin() const;
};

/// Parses an absolute http(s) URL; nullopt otherwise (userinfo is refused).
std::optional<Url> parse_url(const std::string& text);

/// localhost, 127.0.0.0/8 or [::1].
bool is_loopback_host(const std::string& host);

/// `--public-url` as the origin plus an optional path prefix, canonical; throws
/// std::invalid_argument with a sentence for the user.
std::string canonical_public_url(const std::string& text);

/// The MCP resource: <canonical public url>/mcp.
std::string resource_url(const std::string& public_url);

/// Throws std::invalid_argument unless `url` is https, or http on a loopback
/// host (a local test issuer). `what` names the flag in the message.
void require_secure_url(const std::string& url, const std::string& what);

}  // namespace tally::auth
