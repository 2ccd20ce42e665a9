#pragma once
// Which client_id sign-in uses, in MCP 2025-11-25's order (auth §Client Registration
// Approaches): a pre-registered client from --static-oauth-client-info, a Client ID
// Metadata Document URL when the AS supports it, else RFC 7591 dynamic registration.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/as_metadata.h"
#include "oauth/http_client.h"

namespace tally::bridge::oauth {

struct ClientInfo {
  std::string client_id;
  std::string client_secret;
  std::string token_endpoint_auth_method;  ///< as registered; "" = choose from AS metadata
  std::vector<std::string> redirect_uris;
  std::string source;  ///< "static", "cimd" or "dcr"
  std::string issuer;  ///< the AS this client belongs to; never presented to another

  nlohmann::json to_json() const;
  static ClientInfo from_json(const nlohmann::json& doc);
};

/// --static-oauth-client-info: JSON, "@file" or "${VAR}" forms; needs client_id.
std::optional<ClientInfo> parse_static_client_info(const std::string& value, std::string& error);

/// A CIMD client_id must be an https URL with a path (draft-ietf-oauth-client-id-metadata-document).
bool valid_client_metadata_url(const std::string& url);

/// RFC 7591 registration of a public client (auth method none) for `redirect_uri`.
std::optional<ClientInfo> register_client(const HttpClient& http, const AuthServerMetadata& as,
                                          const std::string& redirect_uri, const std::string& scope,
                                          std::string& error);

/// Token endpoint auth: the registered method if the AS lists it, else basic > post > none
/// when a secret is held (RFC 8414 default is basic), as the sdk's selectClientAuthMethod.
std::string select_auth_method(const ClientInfo& client, const std::vector<std::string>& supported);

}  // namespace tally::bridge::oauth
