#pragma once
// DNS-rebinding defences for a server on this machine (MCP transports,
// "Security Warning"): the Host a browser sends names the site it thinks it
// talks to, and Origin names the page that made the request. Pure functions;
// the route turns a `false` into 403.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally::http {

/// "host[:port]" split; host lower-cased, IPv6 kept in brackets ("[::1]").
struct Authority {
  std::string host;
  std::optional<unsigned> port;
};
std::optional<Authority> parse_authority(std::string_view text);

/// localhost, 127.0.0.1 or [::1].
bool is_loopback_host(std::string_view lower_host);

/// Host is a loopback name (any port) or one of `public_hosts` ("host" allows
/// any port, "host:port" only that one). An absent or malformed Host fails.
bool host_allowed(std::optional<std::string_view> host,
                  const std::vector<std::string>& public_hosts);

/// "scheme://host[:port]" lower-cased, default port and trailing '/' dropped;
/// nullopt when it is not an http(s) origin (e.g. "null").
std::optional<std::string> normalize_origin(std::string_view origin);

/// No Origin is fine (not a browser). A present one must be in
/// `allowed_origins` (compared normalized), or be a loopback origin
/// (http or https, any port) while the server is bound to loopback.
bool origin_allowed(std::optional<std::string_view> origin,
                    const std::vector<std::string>& allowed_origins, bool bound_to_loopback);

}  // namespace tally::http
