#include "oauth/prm_discovery.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "oauth/json_fields.h"

namespace tally::bridge::oauth {

std::vector<std::string> prm_candidate_urls(const std::string& server_url, const std::string& header_url) {
  std::vector<std::string> urls;
  auto add = [&](std::string u) {
    if (!u.empty() && std::find(urls.begin(), urls.end(), u) == urls.end()) urls.push_back(std::move(u));
  };
  add(header_url);
  if (auto url = Url::parse(server_url)) {
    std::string path = url->path;
    while (!path.empty() && path.back() == '/') path.pop_back();
    std::string query = url->query.empty() ? "" : "?" + url->query;
    if (!path.empty()) add(url->origin() + "/.well-known/oauth-protected-resource" + path + query);
    add(url->origin() + "/.well-known/oauth-protected-resource");
  }
  return urls;
}

PrmOutcome discover_protected_resource(const HttpClient& http, const std::string& server_url,
                                       const std::string& header_url, ProtectedResourceMetadata& out,
                                       std::string& error) {
  for (const auto& candidate : prm_candidate_urls(server_url, header_url)) {
    HttpResponse response = http.get(candidate, {"MCP-Protocol-Version: 2025-11-25"});
    if (!response.ok()) continue;  // 4xx, 5xx or unreachable: try the next location
    auto doc = nlohmann::json::parse(response.body, nullptr, false);
    if (!doc.is_object() || !doc.contains("resource") || !doc["resource"].is_string()) {
      if (candidate == header_url) continue;
      error = "the protected-resource metadata at " + candidate + " is not valid (no \"resource\")";
      return PrmOutcome::failed;
    }
    out.url = candidate;
    out.resource = doc["resource"].get<std::string>();
    out.authorization_servers = string_list(doc, "authorization_servers");
    out.scopes_supported = string_list(doc, "scopes_supported");
    if (!resource_allowed(server_url, out.resource)) {
      error = "the server's protected-resource metadata names resource " + out.resource +
              ", which is not " + canonical_resource(server_url) +
              "; refusing to sign in (a token for it could be replayed elsewhere)";
      return PrmOutcome::failed;
    }
    return PrmOutcome::found;
  }
  return PrmOutcome::absent;
}

}  // namespace tally::bridge::oauth
