#include "web/discovery_docs.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "http/url.h"
#include "mcp/era.h"
#include "mcp/protocol_version.h"

namespace tally::web {

namespace {

using json = nlohmann::json;

constexpr const char* kSeedCard = "/.well-known/mcp/server-card.json";
constexpr const char* kManifest = "/.well-known/mcp-manifest";
constexpr const char* kCard = "/mcp/server-card";
constexpr const char* kMcpCatalog = "/.well-known/mcp/catalog.json";
constexpr const char* kAiCatalog = "/.well-known/ai-catalog.json";
constexpr const char* kApiCatalog = "/.well-known/api-catalog";
constexpr const char* kCardType = "application/mcp-server-card+json";
constexpr const char* kCardSchema =
    "https://static.modelcontextprotocol.io/schemas/v2/server-card.schema.json";

std::string etag_of(const std::string& body) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: a validator, not a secret
  for (unsigned char c : body) h = (h ^ c) * 1099511628211ULL;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

json versions() {
  json v = json::array({std::string(mcp::kModernVersion)});
  for (auto s : mcp::kSupportedVersions) v.push_back(std::string(s));
  return v;
}

/// The host of the public URL ("books.example.com"), or "" for an address.
std::string dns_host(const std::string& public_url) {
  auto url = http::parse_url(public_url, nullptr);
  if (!url) return "";
  const std::string& host = url->host;
  bool name = false;
  for (char c : host) name = name || std::isalpha(static_cast<unsigned char>(c));
  return name && host.find(':') == std::string::npos && host.find('.') != std::string::npos ? host
                                                                                            : "";
}

/// The card's reverse-DNS name: com.example.books/tally, or local.tally/tally.
std::string card_name(const std::string& public_url) {
  std::string host = dns_host(public_url);
  if (host.empty()) return "local.tally/tally";
  std::string reversed;
  std::size_t end = host.size();
  while (true) {
    auto dot = host.rfind('.', end - 1);
    std::string label = host.substr(dot == std::string::npos ? 0 : dot + 1,
                                    end - (dot == std::string::npos ? 0 : dot + 1));
    reversed += (reversed.empty() ? "" : ".") + label;
    if (dot == std::string::npos || dot == 0) break;
    end = dot;
  }
  return reversed + "/tally";
}

bool matches_etag(std::string_view if_none_match, const std::string& etag) {
  // A list of entity tags, weak or strong (weak comparison for GET), or "*".
  std::string_view tag(etag);
  std::size_t at = 0;
  while (at < if_none_match.size()) {
    auto comma = if_none_match.find(',', at);
    std::string_view item = http::trim(if_none_match.substr(
        at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    if (item.rfind("W/", 0) == 0) item.remove_prefix(2);
    if (item == "*" || item == tag) return true;
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return false;
}

}  // namespace

DiscoveryDocs::DiscoveryDocs(app::Runtime& runtime, mcp::ServerInfo info)
    : runtime_(runtime), info_(std::move(info)) {}

bool DiscoveryDocs::handles(const std::string& path) {
  return path == "/" || path == kSeedCard || path == kManifest || path == kCard ||
         path == kMcpCatalog || path == kAiCatalog || path == kApiCatalog;
}

std::string DiscoveryDocs::build(const std::string& path, const std::string& base, bool auth_on,
                                 std::string& type) const {
  const std::string mcp_url = base + "/mcp";
  const std::string card_url = base + kCard;
  const std::string description =
      "A local double-entry ledger: spending, card rewards, invoicing and affiliate tracking.";
  type = "application/json";
  if (path == kCard) {
    type = kCardType;
    json remote{
        {"type", "streamable-http"}, {"url", mcp_url}, {"supportedProtocolVersions", versions()}};
    if (auth_on)
      remote["headers"] =
          json::array({{{"name", "Authorization"},
                        {"description", "Bearer tly_… API key, or an OAuth access token"},
                        {"isRequired", true},
                        {"isSecret", true}}});
    return json{{"$schema", kCardSchema},     {"name", card_name(base)},
                {"version", info_.version},   {"title", info_.title},
                {"description", description}, {"remotes", json::array({remote})}}
        .dump();
  }
  if (path == kSeedCard || path == kManifest) {
    json tools = json::array();
    for (const auto& t : runtime_.registry().tools()) {
      json tool{
          {"name", t.name}, {"description", t.description}, {"readOnly", t.annotations.read_only}};
      if (!t.title.empty()) tool["title"] = t.title;
      tools.push_back(std::move(tool));
    }
    json auth{{"required", auth_on}, {"schemes", json::array({"bearer"})}};
    if (auth_on)
      auth["protectedResourceMetadata"] = base + "/.well-known/oauth-protected-resource/mcp";
    return json{{"name", info_.name},
                {"title", info_.title},
                {"version", info_.version},
                {"description", info_.description},
                {"serverInfo", {{"name", info_.name}, {"version", info_.version}}},
                {"transport", {{"type", "streamable-http"}, {"url", mcp_url}, {"stateless", true}}},
                {"protocolVersions", versions()},
                {"authentication", auth},
                {"tools", tools}}
        .dump();
  }
  if (path == kMcpCatalog || path == kAiCatalog) {
    std::string host = dns_host(base);
    return json{
        {"specVersion", "draft"},
        {"entries",
         json::array({{{"identifier",
                        "urn:air:" + (host.empty() ? std::string("localhost") : host) + ":tally"},
                       {"displayName", info_.title},
                       {"type", kCardType},
                       {"url", card_url}}})}}
        .dump();
  }
  if (path == kApiCatalog) {
    type = "application/linkset+json; profile=\"https://www.rfc-editor.org/info/rfc9727\"";
    return json{
        {"linkset",
         json::array(
             {{{"anchor", mcp_url},
               {"service-desc",
                json::array({{{"href", base + kSeedCard}, {"type", "application/json"}}})},
               {"service-meta", json::array({{{"href", card_url}, {"type", kCardType}}})},
               {"service-doc", json::array({{{"href", base + "/"}, {"type", "text/html"}}})},
               {"status",
                json::array({{{"href", base + "/healthz"}, {"type", "application/json"}}})}}})}}
        .dump();
  }
  type = "text/html; charset=utf-8";  // "/"
  return "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Tally</title>\n"
         "<h1>Tally</h1>\n<p>" +
         description +
         "</p>\n"
         "<p>MCP endpoint (Streamable HTTP): <code>" +
         mcp_url + "</code>" +
         (auth_on
              ? " &mdash; send <code>Authorization: Bearer</code> with an API key or OAuth token."
              : ".") +
         "</p>\n<ul><li><a href=\"" + card_url +
         "\">Server card</a></li>"
         "<li><a href=\"" +
         base + kApiCatalog +
         "\">API catalog</a></li>"
         "<li><a href=\"" +
         base + "/healthz\">Health</a></li></ul>\n</html>\n";
}

const DiscoveryDocs::Doc& DiscoveryDocs::doc(const std::string& path, const std::string& public_url,
                                             bool auth_on) {
  std::lock_guard lock(mu_);
  auto& slot = cache_[path + "\n" + public_url + (auth_on ? "\n1" : "\n0")];
  if (slot.body.empty()) {
    slot.body = build(path, public_url, auth_on, slot.type);
    slot.etag = etag_of(slot.body);
  }
  return slot;
}

http::Response DiscoveryDocs::answer(const http::Head& request, const std::string& public_url,
                                     bool auth_on) {
  if (request.method != "GET")
    return http::Response{405, {{"Allow", "GET"}, {"Access-Control-Allow-Origin", "*"}}, ""};
  const Doc& d = doc(request.path, public_url, auth_on);
  http::Headers headers{{"Access-Control-Allow-Origin", "*"},
                        {"Cache-Control", "public, max-age=3600"},
                        {"ETag", d.etag}};
  if (request.path == "/")
    headers.emplace_back("Link", "<" + public_url + kApiCatalog + ">; rel=\"api-catalog\", <" +
                                     public_url + kCard + ">; rel=\"service-meta\"; type=\"" +
                                     kCardType + "\"");
  if (auto inm = request.header("if-none-match"); inm && matches_etag(*inm, d.etag))
    return http::Response{304, std::move(headers), ""};
  headers.emplace_back("Content-Type", d.type);
  return http::Response{200, std::move(headers), d.body};
}

}  // namespace tally::web
