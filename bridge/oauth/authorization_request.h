#pragma once
// The authorization request (OAuth 2.1 §4.1.1 with PKCE, RFC 8707 resource, MCP auth
// §Scope Selection Strategy).
#include <optional>
#include <string>
#include <vector>

#include "oauth/as_metadata.h"
#include "oauth/url.h"

namespace tally::bridge::oauth {

/// Scope to request: --scope if given, else the challenge's, else all of the PRM's
/// scopes_supported, else none. `offline_access` is added when the AS lists it and some
/// scope is requested (SEP-2207: refresh tokens keep the user signed in).
std::string select_scope(const std::string& configured, const std::string& challenge,
                         const std::vector<std::string>& prm_scopes, const std::vector<std::string>& as_scopes);

/// Space-separated union, first-seen order.
std::string merge_scopes(const std::string& a, const std::string& b);
/// Whether every scope in `needed` is in `held`.
bool scopes_cover(const std::string& held, const std::string& needed);

/// --authorize-param k=v entries; refuses the parameters the flow itself owns.
std::optional<Form> parse_authorize_params(const std::vector<std::string>& entries, std::string& error);

struct AuthorizeRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string code_challenge;
  std::string state;
  std::string scope;     ///< "" = omitted
  std::string resource;  ///< "" = omitted
  Form extra;
};

std::string authorization_url(const AuthServerMetadata& as, const AuthorizeRequest& request);

/// The redirect URI: http://<host>:<port><path> (mcp-remote's shape).
std::string redirect_uri(const std::string& host, int port, const std::string& path);

/// The default callback port for a server: stable per URL, so a registered redirect URI
/// keeps matching across runs. 3335 + (hash mod 45816), as mcp-remote's range.
int derived_callback_port(const std::string& server_url);

}  // namespace tally::bridge::oauth
