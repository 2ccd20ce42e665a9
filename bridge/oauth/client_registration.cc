#include "oauth/client_registration.h"

#include "oauth/json_fields.h"
#include "oauth/secret_source.h"

namespace tally::bridge::oauth {

nlohmann::json ClientInfo::to_json() const {
  nlohmann::json doc = {{"client_id", client_id}, {"source", source}, {"issuer", issuer},
                        {"redirect_uris", redirect_uris}};
  if (!client_secret.empty()) doc["client_secret"] = client_secret;
  if (!token_endpoint_auth_method.empty()) doc["token_endpoint_auth_method"] = token_endpoint_auth_method;
  return doc;
}

ClientInfo ClientInfo::from_json(const nlohmann::json& doc) {
  ClientInfo c;
  c.client_id = string_field(doc, "client_id");
  c.client_secret = string_field(doc, "client_secret");
  c.token_endpoint_auth_method = string_field(doc, "token_endpoint_auth_method");
  c.redirect_uris = string_list(doc, "redirect_uris");
  c.source = string_field(doc, "source");
  c.issuer = string_field(doc, "issuer");
  return c;
}

std::optional<ClientInfo> parse_static_client_info(const std::string& value, std::string& error) {
  auto text = resolve_secret(value, error);
  if (!text) {
    error = "--static-oauth-client-info: " + error;
    return std::nullopt;
  }
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object() || string_field(doc, "client_id").empty()) {
    error = "--static-oauth-client-info: expected a JSON object with \"client_id\" (or @file holding one)";
    return std::nullopt;
  }
  ClientInfo client = ClientInfo::from_json(doc);
  client.source = "static";
  client.issuer.clear();
  return client;
}

bool valid_client_metadata_url(const std::string& url) {
  auto parsed = Url::parse(url);
  return parsed && parsed->scheme == "https" && !parsed->path.empty() && parsed->path != "/";
}

std::optional<ClientInfo> register_client(const HttpClient& http, const AuthServerMetadata& as,
                                          const std::string& redirect_uri, const std::string& scope,
                                          std::string& error) {
  if (as.registration_endpoint.empty()) {
    error = "the authorization server " + as.issuer +
            " offers no dynamic client registration; register a client there and pass it with "
            "--static-oauth-client-info '{\"client_id\":\"…\"}' (or @file)";
    return std::nullopt;
  }
  nlohmann::json body = {
      {"client_name", "tally-bridge"},
      {"redirect_uris", {redirect_uri}},
      {"grant_types", {"authorization_code", "refresh_token"}},  // SEP-2207: we keep users signed in
      {"response_types", {"code"}},
      {"token_endpoint_auth_method", "none"},
      {"application_type", "native"},  // MCP 2026-07-28: a CLI with a loopback redirect
  };
  if (!scope.empty()) body["scope"] = scope;
  HttpResponse response = http.post(as.registration_endpoint, "application/json", body.dump());
  if (!response.ok()) {
    auto doc = nlohmann::json::parse(response.body, nullptr, false);
    std::string detail = doc.is_object() ? string_field(doc, "error") : std::string();
    error = "client registration at " + as.registration_endpoint + " failed: " +
            (response.status ? "HTTP " + std::to_string(response.status) : response.error) +
            (detail.empty() ? "" : " (" + detail + ")");
    return std::nullopt;
  }
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (!doc.is_object() || string_field(doc, "client_id").empty()) {
    error = "client registration at " + as.registration_endpoint + " returned no client_id";
    return std::nullopt;
  }
  ClientInfo client = ClientInfo::from_json(doc);
  if (client.redirect_uris.empty()) client.redirect_uris = {redirect_uri};
  client.source = "dcr";
  client.issuer = as.issuer;
  return client;
}

std::string select_auth_method(const ClientInfo& client, const std::vector<std::string>& supported) {
  const bool secret = !client.client_secret.empty();
  const auto& m = client.token_endpoint_auth_method;
  if ((m == "client_secret_basic" || m == "client_secret_post" || m == "none") &&
      (supported.empty() || contains(supported, m)) && (m == "none" || secret)) {
    return m;
  }
  if (supported.empty()) return secret ? "client_secret_basic" : "none";
  if (secret && contains(supported, "client_secret_basic")) return "client_secret_basic";
  if (secret && contains(supported, "client_secret_post")) return "client_secret_post";
  if (contains(supported, "none")) return "none";
  return secret ? "client_secret_post" : "none";
}

}  // namespace tally::bridge::oauth
