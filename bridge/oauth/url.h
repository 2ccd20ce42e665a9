#pragma once
// Just enough URL handling for OAuth: split, rebuild, form-encode, compare origins.
// Only absolute http(s) URLs are accepted; everything sign-in fetches is one.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::bridge::oauth {

using Form = std::vector<std::pair<std::string, std::string>>;

struct Url {
  std::string scheme;  ///< lowercase
  std::string host;    ///< lowercase; IPv6 without brackets
  int port = 0;        ///< 0 = scheme default
  std::string path;    ///< "" or starting with '/'
  std::string query;   ///< without '?'
  std::string fragment;

  static std::optional<Url> parse(std::string_view text);
  int effective_port() const { return port ? port : (scheme == "https" ? 443 : 80); }
  std::string authority() const;  ///< host[:port], brackets for IPv6, default port omitted
  std::string origin() const;     ///< scheme://authority
  std::string str() const;        ///< full URL, fragment included
};

/// application/x-www-form-urlencoded component (RFC 6749 Appendix B).
std::string form_encode(std::string_view text);
std::string percent_decode(std::string_view text, bool plus_is_space = true);
std::string encode_form(const Form& fields);
Form parse_query(std::string_view query);
/// Appends `fields` to the URL's existing query.
std::string with_query(const std::string& url, const Form& fields);

/// RFC 8707 canonical resource URI of an MCP server URL: lowercase scheme and host,
/// no fragment, no trailing slash (MCP auth §Canonical Server URI).
std::string canonical_resource(std::string_view server_url);
/// Whether PRM `resource` may stand for `server_url`: same origin and its path a prefix
/// (by segment) of the server's (MCP auth §Protected Resource Metadata; sdk checkResourceAllowed).
bool resource_allowed(std::string_view server_url, std::string_view resource);
bool is_loopback_host(std::string_view host);
/// Issuer identifiers compared as RFC 8414 asks, tolerating one trailing '/'.
bool same_issuer(std::string_view a, std::string_view b);

}  // namespace tally::bridge::oauth
