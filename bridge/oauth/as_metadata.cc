#include "oauth/as_metadata.h"

#include "oauth/json_fields.h"

namespace tally::bridge::oauth {

nlohmann::json AuthServerMetadata::to_json() const {
  nlohmann::json doc = {{"issuer", issuer},
                        {"authorization_endpoint", authorization_endpoint},
                        {"token_endpoint", token_endpoint},
                        {"token_endpoint_auth_methods_supported", token_endpoint_auth_methods_supported},
                        {"scopes_supported", scopes_supported},
                        {"response_types_supported", response_types_supported},
                        {"client_id_metadata_document_supported", client_id_metadata_document_supported},
                        {"authorization_response_iss_parameter_supported",
                         authorization_response_iss_parameter_supported},
                        {"tally_from_defaults", from_defaults}};
  if (!registration_endpoint.empty()) doc["registration_endpoint"] = registration_endpoint;
  if (lists_code_challenge_methods) doc["code_challenge_methods_supported"] = code_challenge_methods_supported;
  return doc;
}

AuthServerMetadata AuthServerMetadata::from_json(const nlohmann::json& doc) {
  AuthServerMetadata m;
  m.issuer = string_field(doc, "issuer");
  m.authorization_endpoint = string_field(doc, "authorization_endpoint");
  m.token_endpoint = string_field(doc, "token_endpoint");
  m.registration_endpoint = string_field(doc, "registration_endpoint");
  m.lists_code_challenge_methods = doc.contains("code_challenge_methods_supported");
  m.code_challenge_methods_supported = string_list(doc, "code_challenge_methods_supported");
  m.token_endpoint_auth_methods_supported = string_list(doc, "token_endpoint_auth_methods_supported");
  m.scopes_supported = string_list(doc, "scopes_supported");
  m.response_types_supported = string_list(doc, "response_types_supported");
  auto flag = [&](const char* name) {
    auto it = doc.find(name);
    return it != doc.end() && it->is_boolean() && it->get<bool>();
  };
  m.client_id_metadata_document_supported = flag("client_id_metadata_document_supported");
  m.authorization_response_iss_parameter_supported = flag("authorization_response_iss_parameter_supported");
  m.from_defaults = flag("tally_from_defaults");
  return m;
}

std::vector<std::string> as_metadata_urls(const std::string& issuer) {
  auto url = Url::parse(issuer);
  if (!url) return {};
  std::string path = url->path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string origin = url->origin();
  if (path.empty()) {
    return {origin + "/.well-known/oauth-authorization-server", origin + "/.well-known/openid-configuration"};
  }
  return {origin + "/.well-known/oauth-authorization-server" + path,
          origin + "/.well-known/openid-configuration" + path,
          origin + path + "/.well-known/openid-configuration"};
}

AsOutcome discover_as_metadata(const HttpClient& http, const std::string& issuer, bool strict_issuer,
                               AuthServerMetadata& out, std::string& error) {
  for (const auto& candidate : as_metadata_urls(issuer)) {
    HttpResponse response = http.get(candidate, {"MCP-Protocol-Version: 2025-11-25"});
    if (response.status >= 500) {
      error = "the authorization server answered HTTP " + std::to_string(response.status) + " at " + candidate;
      return AsOutcome::failed;
    }
    if (!response.ok()) continue;
    auto doc = nlohmann::json::parse(response.body, nullptr, false);
    if (!doc.is_object()) continue;
    AuthServerMetadata m = AuthServerMetadata::from_json(doc);
    if (m.authorization_endpoint.empty() && m.token_endpoint.empty()) continue;
    if (strict_issuer && !m.issuer.empty() && !same_issuer(m.issuer, issuer)) {
      error = "the authorization-server metadata at " + candidate + " names issuer " + m.issuer +
              ", not " + issuer + "; refusing it (RFC 8414 §3.3)";
      return AsOutcome::failed;
    }
    if (m.issuer.empty()) m.issuer = issuer;
    out = std::move(m);
    return AsOutcome::found;
  }
  return AsOutcome::absent;
}

AuthServerMetadata default_endpoints(const std::string& origin) {
  AuthServerMetadata m;
  m.issuer = origin;
  m.authorization_endpoint = origin + "/authorize";
  m.token_endpoint = origin + "/token";
  m.registration_endpoint = origin + "/register";
  m.response_types_supported = {"code"};
  m.from_defaults = true;
  return m;
}

}  // namespace tally::bridge::oauth
