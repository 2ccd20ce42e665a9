#include "auth/discovery.h"

#include <nlohmann/json.hpp>

#include "auth/url.h"

namespace tally::auth {

namespace {

/// A quoted-string for an auth-param (RFC 9110 §5.6.4): escape \ and ", drop controls.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::string resource_of(const ResourceInfo& info) {
  return resource_url(info.public_url);
}

std::string resource_metadata_url(const ResourceInfo& info) {
  Url url = *parse_url(resource_of(info));
  return url.origin() + "/.well-known/oauth-protected-resource" + url.path;
}

std::string protected_resource_metadata(const ResourceInfo& info) {
  nlohmann::json doc = {
      {"resource", resource_of(info)},   {"authorization_servers", info.authorization_servers},
      {"scopes_supported", info.scopes}, {"bearer_methods_supported", {"header"}},
      {"resource_name", "Tally"},
  };
  return doc.dump();
}

std::string unauthorized_challenge(const ResourceInfo& info, const std::vector<std::string>& scopes,
                                   bool token_given, const std::string& description) {
  std::string header = "Bearer resource_metadata=" + quoted(resource_metadata_url(info));
  if (!scopes.empty()) header += ", scope=" + quoted(joined(scopes));
  if (token_given) {
    header += ", error=\"invalid_token\"";
    if (!description.empty()) header += ", error_description=" + quoted(description);
  }
  return header;
}

std::string insufficient_scope_challenge(const ResourceInfo& info,
                                         const std::vector<std::string>& needed) {
  return "Bearer error=\"insufficient_scope\", scope=" + quoted(joined(needed)) +
         ", resource_metadata=" + quoted(resource_metadata_url(info));
}

}  // namespace tally::auth
