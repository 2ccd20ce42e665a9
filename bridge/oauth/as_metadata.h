#pragma once
// Authorization-server metadata: RFC 8414 and OpenID Connect Discovery, with the path
// insertion variants MCP 2025-11-25 lists (auth §Authorization Server Metadata Discovery).
// An issuer with a path (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool>)
// often serves only <issuer>/.well-known/openid-configuration, the third URL tried.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/http_client.h"

namespace tally::bridge::oauth {

struct AuthServerMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string registration_endpoint;
  std::vector<std::string> code_challenge_methods_supported;
  bool lists_code_challenge_methods = false;  ///< the field was present
  std::vector<std::string> token_endpoint_auth_methods_supported;
  std::vector<std::string> scopes_supported;
  std::vector<std::string> response_types_supported;
  bool client_id_metadata_document_supported = false;
  bool authorization_response_iss_parameter_supported = false;
  bool from_defaults = false;  ///< no document: 2025-03-26 default endpoints

  nlohmann::json to_json() const;
  static AuthServerMetadata from_json(const nlohmann::json& doc);
};

/// Discovery URLs for an issuer, in the order MCP 2025-11-25 gives.
std::vector<std::string> as_metadata_urls(const std::string& issuer);

enum class AsOutcome { found, absent, failed };

/// Tries each URL: next on 4xx or an unreachable URL, stop on 5xx (as the sdk).
/// With `strict_issuer`, a document whose issuer differs from `issuer` is refused
/// (RFC 8414 §3.3, mix-up defence). A 2025-03-26 server's metadata at its origin may name a
/// different issuer, so the caller relaxes it there.
AsOutcome discover_as_metadata(const HttpClient& http, const std::string& issuer, bool strict_issuer,
                               AuthServerMetadata& out, std::string& error);

/// The 2025-03-26 fallback: /authorize, /token, /register at the server's origin.
AuthServerMetadata default_endpoints(const std::string& origin);

}  // namespace tally::bridge::oauth
