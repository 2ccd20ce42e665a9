#include "oauth/discovery.h"

#include "oauth/prm_discovery.h"

namespace tally::bridge::oauth {

bool discover(const HttpClient& http, const TokenStore& store, const OAuthOptions& options,
              const std::string& server_url, const std::string& resource_metadata_url, Discovery& out,
              std::string& error) {
  auto server = Url::parse(server_url);
  if (!server) {
    error = "the server URL " + server_url + " is not an http(s) URL";
    return false;
  }
  ProtectedResourceMetadata prm;
  std::string issuer;
  switch (discover_protected_resource(http, server_url, resource_metadata_url, prm, error)) {
    case PrmOutcome::failed:
      return false;
    case PrmOutcome::found:
      out.prm_scopes = prm.scopes_supported;
      out.resource = prm.resource;  // verbatim (sdk #1968: exact-match servers)
      if (!prm.authorization_servers.empty()) issuer = prm.authorization_servers.front();
      break;
    case PrmOutcome::absent:
      out.resource = canonical_resource(server_url);
      break;
  }
  out.legacy = issuer.empty();
  if (out.legacy) issuer = server->origin();  // 2025-03-26: the AS lives at the server's origin
  switch (discover_as_metadata(http, issuer, !out.legacy, out.as, error)) {
    case AsOutcome::failed:
      return false;
    case AsOutcome::found:
      break;
    case AsOutcome::absent:
      if (!out.legacy) {
        error = "found no metadata for the authorization server " + issuer +
                " (tried RFC 8414 and OpenID discovery URLs)";
        return false;
      }
      out.as = default_endpoints(issuer);
      break;
  }
  if (out.as.token_endpoint.empty()) {
    error = "the authorization server " + out.as.issuer + " publishes no token_endpoint";
    return false;
  }
  out.issuer = out.as.issuer;
  if (options.disable_resource) {
    out.resource.clear();
  } else if (!options.resource.empty()) {
    out.resource = options.resource;
  } else if (store.omits_resource(out.issuer)) {
    out.resource.clear();  // learned earlier: this issuer rejects RFC 8707 (§D7)
  }
  return true;
}

}  // namespace tally::bridge::oauth
