// CORS preflight and response fields: tables.

#include "http/cors.h"

#include <doctest/doctest.h>

namespace tally::http {
namespace {

Head preflight(std::string_view origin, std::string_view request_headers) {
  Head head;
  head.method = "OPTIONS";
  head.path = head.target = "/mcp";
  head.headers = {{"origin", std::string(origin)}, {"access-control-request-method", "POST"}};
  if (!request_headers.empty())
    head.headers.emplace_back("access-control-request-headers", std::string(request_headers));
  return head;
}

std::string field(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "(absent)";
}

TEST_CASE("a preflight from an allowed origin is 204 with what it may send") {
  auto response = cors_preflight(
      preflight("http://localhost:6274",
                "content-type, Authorization,mcp-protocol-version, Mcp-Param-Region, "
                "x-custom, mcp-session-id, last-event-id, mcp-method, mcp-name, accept"),
      true);
  REQUIRE(response);
  CHECK(response->status == 204);
  CHECK(response->body.empty());
  CHECK(field(*response, "Access-Control-Allow-Origin") == "http://localhost:6274");
  CHECK(field(*response, "Access-Control-Allow-Methods") == "POST, GET, DELETE, OPTIONS");
  CHECK(field(*response, "Access-Control-Allow-Headers") ==
        "content-type, authorization, mcp-protocol-version, mcp-param-region, mcp-session-id, "
        "last-event-id, mcp-method, mcp-name, accept");
  CHECK(field(*response, "Vary") == "Origin");
  CHECK(field(*response, "Access-Control-Max-Age") == "600");
}

TEST_CASE("a preflight from another origin is 403; other requests are not preflights") {
  auto refused = cors_preflight(preflight("https://evil.example", "authorization"), false);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(field(*refused, "Access-Control-Allow-Origin") == "(absent)");

  Head post = preflight("http://localhost", "");
  post.method = "POST";
  CHECK(!cors_preflight(post, true));

  Head no_origin;
  no_origin.method = "OPTIONS";
  no_origin.headers = {{"access-control-request-method", "POST"}};
  CHECK(!cors_preflight(no_origin, true));

  Head plain_options;
  plain_options.method = "OPTIONS";
  plain_options.headers = {{"origin", "http://localhost"}};
  CHECK(!cors_preflight(plain_options, true));
}

TEST_CASE("cors_header_allowed") {
  for (auto name : {"Content-Type", "authorization", "ACCEPT", "Mcp-Protocol-Version",
                    "Mcp-Session-Id", "Mcp-Method", "Mcp-Name", "Last-Event-ID", "Mcp-Param-X"})
    CHECK_MESSAGE(cors_header_allowed(name), name);
  for (auto name : {"Mcp-Param-", "Cookie", "X-Api-Key", ""})
    CHECK_MESSAGE(!cors_header_allowed(name), name);
}

TEST_CASE("cors_response_headers expose what MCP clients read") {
  CHECK(cors_response_headers(std::nullopt).empty());
  auto fields = cors_response_headers("https://chat.example.com");
  Response r{200, fields, ""};
  CHECK(field(r, "Access-Control-Allow-Origin") == "https://chat.example.com");
  CHECK(field(r, "Vary") == "Origin");
  CHECK(field(r, "Access-Control-Expose-Headers") ==
        "WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version");
}

}  // namespace
}  // namespace tally::http
