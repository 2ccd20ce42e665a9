#pragma once
// The texts of `--oauth-proxy` (issue 16, seed 000): Amazon Cognito refuses
// RFC 8707 `resource` on /oauth2/authorize and /oauth2/token, and MCP clients
// always send it. So Tally publishes itself as the authorization server and
// forwards both endpoints to the issuer with `resource` removed. Pure
// functions here; web/oauth_proxy does the HTTP.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tally::auth {

/// `text` (a query string or an application/x-www-form-urlencoded body) without
/// any `name=…` pair; other pairs keep their order and their bytes. Names are
/// compared after percent-decoding, so `r%65source=` is removed too.
std::string without_param(std::string_view text, std::string_view name);

/// The upstream endpoints a proxy forwards to, from the issuer's metadata.
struct UpstreamEndpoints {
  std::string authorization_endpoint;
  std::string token_endpoint;
};

/// From the issuer's OpenID / RFC 8414 metadata: both endpoints (https, or http on
/// loopback), or nullopt with the reason in `error`.
std::optional<UpstreamEndpoints> upstream_endpoints(const nlohmann::json& upstream,
                                                    std::string& error);

/// RFC 8414 metadata naming Tally (`public_url`, canonical) as the issuer and
/// its /oauth2/authorize and /oauth2/token as the endpoints; what a client needs
/// to know of the upstream (jwks_uri, grant and response types, auth methods,
/// scopes, revocation) is copied. PKCE S256 is stated, as Cognito supports it
/// without saying so.
nlohmann::json proxy_metadata(const nlohmann::json& upstream, const std::string& public_url);

}  // namespace tally::auth
