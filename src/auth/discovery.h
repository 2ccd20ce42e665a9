#pragma once
// What the resource server tells clients about its authorization: the
// protected-resource metadata (RFC 9728) and the WWW-Authenticate challenges
// (RFC 6750 §3, MCP authorization: 401 names resource_metadata and scope;
// 403 insufficient_scope for a token that lacks the write scope).
#include <string>
#include <vector>

namespace tally::auth {

struct ResourceInfo {
  std::string public_url = {};  ///< canonical, see canonical_public_url()
  std::vector<std::string> authorization_servers =
      {};  ///< the issuer (or Tally itself with --oauth-proxy)
  std::vector<std::string> scopes = {"tally.read", "tally.write"};
};

/// <public-url>/mcp: the resource tokens must be meant for.
std::string resource_of(const ResourceInfo& info);

/// Where the metadata is served, path-inserted (RFC 9728 §3.1):
/// <origin>/.well-known/oauth-protected-resource<path of the resource>.
std::string resource_metadata_url(const ResourceInfo& info);

/// The metadata document (compact JSON).
std::string protected_resource_metadata(const ResourceInfo& info);

/// 401 challenge. `token_given`: the request carried a token that failed, so
/// error="invalid_token" (with `description`, which must not contain the token).
std::string unauthorized_challenge(const ResourceInfo& info, const std::vector<std::string>& scopes,
                                   bool token_given, const std::string& description = "");

/// 403 challenge: error="insufficient_scope" with every scope the call needs.
std::string insufficient_scope_challenge(const ResourceInfo& info,
                                         const std::vector<std::string>& needed);

}  // namespace tally::auth
