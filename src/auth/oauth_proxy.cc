#include "auth/oauth_proxy.h"

#include <stdexcept>

#include "auth/url.h"

namespace tally::auth {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::string> endpoint(const nlohmann::json& meta, const char* key,
                                    std::string& error) {
  auto it = meta.find(key);
  if (it == meta.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    error = std::string("the issuer's metadata has no ") + key;
    return std::nullopt;
  }
  try {
    require_secure_url(*it, key);
  } catch (const std::invalid_argument& e) {
    error = e.what();
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

std::string without_param(std::string_view text, std::string_view name) {
  std::string out;
  while (!text.empty()) {
    auto amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    std::string_view key = pair.substr(0, pair.find('='));
    if (decoded(key) == name) continue;
    if (!out.empty()) out += '&';
    out += pair;
  }
  return out;
}

std::optional<UpstreamEndpoints> upstream_endpoints(const nlohmann::json& upstream,
                                                    std::string& error) {
  if (!upstream.is_object()) {
    error = "the issuer's metadata is not a JSON object";
    return std::nullopt;
  }
  auto authorize = endpoint(upstream, "authorization_endpoint", error);
  if (!authorize) return std::nullopt;
  auto token = endpoint(upstream, "token_endpoint", error);
  if (!token) return std::nullopt;
  return UpstreamEndpoints{*authorize, *token};
}

nlohmann::json proxy_metadata(const nlohmann::json& upstream, const std::string& public_url) {
  nlohmann::json m{
      {"issuer", public_url},
      {"authorization_endpoint", public_url + "/oauth2/authorize"},
      {"token_endpoint", public_url + "/oauth2/token"},
      {"response_types_supported", nlohmann::json::array({"code"})},
      {"grant_types_supported", nlohmann::json::array({"authorization_code", "refresh_token"})},
      {"code_challenge_methods_supported", nlohmann::json::array({"S256"})}};
  for (const char* key : {"jwks_uri", "scopes_supported", "token_endpoint_auth_methods_supported",
                          "revocation_endpoint", "userinfo_endpoint", "registration_endpoint"}) {
    auto it = upstream.find(key);
    if (it != upstream.end() && !it->is_null()) m[key] = *it;
  }
  return m;
}

}  // namespace tally::auth
