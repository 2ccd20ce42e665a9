#include "server_url.h"

#include <doctest/doctest.h>

using namespace tally::bridge;

TEST_CASE("plain http is refused beyond loopback unless allowed") {
  std::string error;
  CHECK(check_server_url("https://example.com/mcp", false, error));
  CHECK(check_server_url("http://localhost:3000/mcp", false, error));
  CHECK(check_server_url("http://127.0.0.1:3000/mcp", false, error));
  CHECK(check_server_url("http://[::1]:3000/mcp", false, error));
  CHECK_FALSE(check_server_url("http://example.com/mcp", false, error));
  CHECK(error.find("--allow-http") != std::string::npos);
  CHECK(check_server_url("http://example.com/mcp", true, error));
  CHECK_FALSE(check_server_url("ftp://example.com/", true, error));
  CHECK_FALSE(check_server_url("not a url", true, error));
}

TEST_CASE("relative endpoints resolve against the server URL; origins compare") {
  std::string out;
  REQUIRE(resolve_url("http://127.0.0.1:9/sse", "/messages?sessionId=abc", out));
  CHECK(out == "http://127.0.0.1:9/messages?sessionId=abc");
  CHECK(same_origin("http://127.0.0.1:9/sse", out));
  CHECK_FALSE(same_origin("http://127.0.0.1:9/sse", "http://127.0.0.1:10/sse"));
  CHECK(same_origin("https://Example.com/a", "https://example.com:443/b"));
}
