#include "oauth/authorization_request.h"

#include <set>
#include <sstream>

#include "oauth/json_fields.h"
#include "oauth/token_store.h"

namespace tally::bridge::oauth {
namespace {
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}
}  // namespace

std::string merge_scopes(const std::string& a, const std::string& b) {
  std::vector<std::string> all = words(a);
  for (const auto& w : words(b)) {
    if (!contains(all, w)) all.push_back(w);
  }
  std::string out;
  for (const auto& w : all) out += (out.empty() ? "" : " ") + w;
  return out;
}

bool scopes_cover(const std::string& held, const std::string& needed) {
  auto have = words(held);
  for (const auto& w : words(needed)) {
    if (!contains(have, w)) return false;
  }
  return true;
}

std::string select_scope(const std::string& configured, const std::string& challenge,
                         const std::vector<std::string>& prm_scopes, const std::vector<std::string>& as_scopes) {
  std::string scope = configured;
  if (scope.empty()) scope = challenge;
  if (scope.empty()) {
    for (const auto& s : prm_scopes) scope = merge_scopes(scope, s);
  }
  if (!scope.empty() && contains(as_scopes, "offline_access")) scope = merge_scopes(scope, "offline_access");
  return scope;
}

std::optional<Form> parse_authorize_params(const std::vector<std::string>& entries, std::string& error) {
  static const std::set<std::string> reserved = {"response_type", "client_id", "redirect_uri", "state",
                                                 "code_challenge", "code_challenge_method"};
  Form out;
  for (const auto& entry : entries) {
    auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "--authorize-param: expected key=value, got \"" + entry + "\"";
      return std::nullopt;
    }
    std::string key = entry.substr(0, eq);
    if (reserved.count(key)) {
      error = "--authorize-param: \"" + key + "\" is set by the sign-in flow itself and cannot be overridden";
      return std::nullopt;
    }
    out.emplace_back(key, entry.substr(eq + 1));
  }
  return out;
}

std::string authorization_url(const AuthServerMetadata& as, const AuthorizeRequest& r) {
  Form fields = {{"response_type", "code"},
                 {"client_id", r.client_id},
                 {"redirect_uri", r.redirect_uri},
                 {"code_challenge", r.code_challenge},
                 {"code_challenge_method", "S256"},
                 {"state", r.state}};
  if (!r.scope.empty()) fields.emplace_back("scope", r.scope);
  if (!r.resource.empty()) fields.emplace_back("resource", r.resource);
  for (const auto& kv : r.extra) {
    bool replaced = false;
    for (auto& f : fields) {
      if (f.first == kv.first) {
        f.second = kv.second;  // e.g. an explicit scope= from the user wins
        replaced = true;
      }
    }
    if (!replaced) fields.push_back(kv);
  }
  return with_query(as.authorization_endpoint, fields);
}

std::string redirect_uri(const std::string& host, int port, const std::string& path) {
  std::string h = host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
  return "http://" + h + ":" + std::to_string(port) + (path.empty() || path[0] != '/' ? "/" : "") + path;
}

int derived_callback_port(const std::string& server_url) {
  std::string hex = sha256_hex(server_url).substr(0, 8);
  unsigned long n = std::stoul(hex, nullptr, 16);
  return 3335 + int(n % 45816);
}

}  // namespace tally::bridge::oauth
