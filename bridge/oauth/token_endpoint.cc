#include "oauth/token_endpoint.h"

#include <algorithm>
#include <cctype>

#include "oauth/base64.h"
#include "oauth/json_fields.h"
#include "oauth/jwt.h"
#include "src/util/wipe.h"

namespace tally::bridge::oauth {
namespace {
bool apply_client_auth(const ClientAuth& auth, Form& fields, std::vector<std::string>& headers, TokenError& error) {
  const ClientInfo& c = auth.client;
  if (auth.method == "client_secret_basic") {
    // RFC 6749 §2.3.1: both parts form-encoded before base64.
    headers.push_back("Authorization: Basic " +
                      base64_encode(form_encode(c.client_id) + ":" + form_encode(c.client_secret)));
  } else if (auth.method == "client_secret_post") {
    fields.emplace_back("client_id", c.client_id);
    fields.emplace_back("client_secret", c.client_secret);
  } else if (auth.method == "private_key_jwt") {
    std::string why;
    auto assertion = client_assertion(c.client_id, auth.audience, auth.private_key_pem, auth.signing_alg, why);
    if (!assertion) {
      error.description = why;
      return false;
    }
    fields.emplace_back("client_id", c.client_id);
    fields.emplace_back("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    fields.emplace_back("client_assertion", *assertion);
  } else {
    fields.emplace_back("client_id", c.client_id);
  }
  return true;
}

std::optional<nlohmann::json> post(const HttpClient& http, const std::string& endpoint, Form fields,
                                   const ClientAuth& auth, TokenError& error) {
  std::vector<std::string> headers;
  if (!apply_client_auth(auth, fields, headers, error)) return std::nullopt;
  HttpResponse response = http.post_form(endpoint, fields, headers);
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  tally::util::wipe(response.body);  // it held the tokens; the parsed copy is returned
  if (!response.ok()) {
    error.status = response.status;
    if (doc.is_object()) {
      error.error = string_field(doc, "error");
      error.description = string_field(doc, "error_description");
    }
    if (error.error.empty() && error.description.empty()) {
      error.description = response.status ? "HTTP " + std::to_string(response.status) + " from " + endpoint
                                          : response.error;
    }
    return std::nullopt;
  }
  if (!doc.is_object()) {
    error.description = "the token endpoint " + endpoint + " answered with something other than JSON";
    return std::nullopt;
  }
  return doc;
}
}  // namespace

std::string TokenError::message() const {
  std::string out = error.empty() ? "" : error;
  if (!description.empty()) out += out.empty() ? description : ": " + description;
  return out.empty() ? "the token endpoint refused the request" : out;
}

std::optional<TokenSet> request_token(const HttpClient& http, const std::string& token_endpoint, Form fields,
                                      const ClientAuth& auth, TokenError& error) {
  auto doc = post(http, token_endpoint, std::move(fields), auth, error);
  if (!doc) return std::nullopt;
  TokenSet tokens;
  tokens.access_token = string_field(*doc, "access_token");
  if (tokens.access_token.empty()) {
    error.description = "the token response holds no access_token";
    return std::nullopt;
  }
  std::string type = string_field(*doc, "token_type");
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (!type.empty() && type != "bearer") {
    error.description = "the token endpoint issued a \"" + type + "\" token; only Bearer is supported";
    return std::nullopt;
  }
  tokens.refresh_token = string_field(*doc, "refresh_token");
  tokens.id_token = string_field(*doc, "id_token");
  tokens.scope = string_field(*doc, "scope");
  tokens.issued_at = unix_now();
  if (doc->contains("expires_in") && (*doc)["expires_in"].is_number()) {
    tokens.expires_at = tokens.issued_at + (*doc)["expires_in"].get<int64_t>();
  } else if (doc->contains("expires_in") && (*doc)["expires_in"].is_string()) {
    // Some servers send it as a string.
    try {
      tokens.expires_at = tokens.issued_at + std::stoll((*doc)["expires_in"].get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return tokens;
}

std::optional<std::string> exchange_token(const HttpClient& http, const std::string& token_endpoint, Form fields,
                                          const ClientAuth& auth, TokenError& error) {
  auto doc = post(http, token_endpoint, std::move(fields), auth, error);
  if (!doc) return std::nullopt;
  std::string issued = string_field(*doc, "access_token");
  if (issued.empty()) {
    error.description = "the token exchange response holds no access_token";
    return std::nullopt;
  }
  return issued;
}

}  // namespace tally::bridge::oauth
