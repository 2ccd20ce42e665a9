#include "http/cors.h"

#include <array>
#include <string>

namespace tally::http {
namespace {

constexpr std::array<std::string_view, 8> kAllowedHeaders = {
    "content-type",   "authorization", "accept",   "mcp-protocol-version",
    "mcp-session-id", "mcp-method",    "mcp-name", "last-event-id"};
constexpr std::string_view kParamPrefix = "mcp-param-";
constexpr std::string_view kAllowedMethods = "POST, GET, DELETE, OPTIONS";
constexpr std::string_view kExposed = "WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version";

}  // namespace

bool cors_header_allowed(std::string_view name) {
  auto n = lower(name);
  if (n.starts_with(kParamPrefix)) return n.size() > kParamPrefix.size();
  for (auto allowed : kAllowedHeaders)
    if (n == allowed) return true;
  return false;
}

std::optional<Response> cors_preflight(const Head& head, bool origin_allowed) {
  auto origin = head.header("origin");
  if (head.method != "OPTIONS" || !origin || !head.header("access-control-request-method"))
    return std::nullopt;
  if (!origin_allowed)
    return Response{403,
                    {{"Content-Type", "text/plain; charset=utf-8"}, {"Vary", "Origin"}},
                    "origin not allowed\n"};

  // Echo what was asked for and is allowed; a browser fails the call on the rest.
  std::string allow;
  std::string_view asked = head.header("access-control-request-headers").value_or("");
  while (!asked.empty()) {
    auto comma = asked.find(',');
    auto name = trim(asked.substr(0, comma));
    asked = comma == std::string_view::npos ? std::string_view() : asked.substr(comma + 1);
    if (name.empty() || !cors_header_allowed(name)) continue;
    if (!allow.empty()) allow += ", ";
    allow += lower(name);
  }
  Response response{204, {}, {}};
  response.headers = {{"Access-Control-Allow-Origin", std::string(*origin)},
                      {"Access-Control-Allow-Methods", std::string(kAllowedMethods)},
                      {"Access-Control-Max-Age", "600"},
                      {"Vary", "Origin"}};
  if (!allow.empty()) response.headers.emplace_back("Access-Control-Allow-Headers", allow);
  return response;
}

Headers cors_response_headers(std::optional<std::string_view> origin) {
  if (!origin) return {};
  return {{"Access-Control-Allow-Origin", std::string(*origin)},
          {"Vary", "Origin"},
          {"Access-Control-Expose-Headers", std::string(kExposed)}};
}

}  // namespace tally::http
