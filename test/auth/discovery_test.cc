#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "auth/discovery.h"
#include "auth/url.h"

using namespace tally::auth;

TEST_CASE("canonical public URL: lower-case scheme and host, no default port, no trailing slash") {
  CHECK(canonical_public_url("HTTPS://Books.Example.com/") == "https://books.example.com");
  CHECK(canonical_public_url("https://books.example.com:443/tally/") ==
        "https://books.example.com/tally");
  CHECK(canonical_public_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765");
  CHECK(canonical_public_url("http://[::1]:8765/") == "http://[::1]:8765");
  CHECK(resource_url("https://books.example.com/tally") == "https://books.example.com/tally/mcp");
  CHECK_THROWS_WITH(canonical_public_url("books.example.com"),
                    "--public-url: \"books.example.com\" is not an http(s) URL such as "
                    "https://books.example.com");
  CHECK_THROWS_WITH(canonical_public_url("https://x.com/?a=1"),
                    "--public-url: \"https://x.com/?a=1\" has a query or fragment; give the origin "
                    "and an optional path prefix, e.g. https://example.com/tally");
  CHECK_THROWS(canonical_public_url("https://user:pw@x.com"));
  CHECK_THROWS(canonical_public_url("ftp://x.com"));
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("127.example.com"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
}

TEST_CASE("protected-resource metadata names the resource, issuer, scopes and header bearer") {
  ResourceInfo info{.public_url = "https://books.example.com/tally",
                    .authorization_servers = {"https://auth.example.com"}};
  CHECK(resource_metadata_url(info) ==
        "https://books.example.com/.well-known/oauth-protected-resource/tally/mcp");
  auto doc = nlohmann::json::parse(protected_resource_metadata(info));
  CHECK(doc["resource"] == "https://books.example.com/tally/mcp");
  CHECK(doc["authorization_servers"] == nlohmann::json::array({"https://auth.example.com"}));
  CHECK(doc["scopes_supported"] == nlohmann::json::array({"tally.read", "tally.write"}));
  CHECK(doc["bearer_methods_supported"] == nlohmann::json::array({"header"}));
}

TEST_CASE("WWW-Authenticate: 401 without and with a token, 403 insufficient_scope") {
  ResourceInfo info{.public_url = "http://127.0.0.1:8765",
                    .authorization_servers = {"http://127.0.0.1:9000"}};
  CHECK(unauthorized_challenge(info, {"tally.read"}, false) ==
        "Bearer "
        "resource_metadata=\"http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp\", "
        "scope=\"tally.read\"");
  CHECK(unauthorized_challenge(info, {"tally.read"}, true, "the token has \"expired\"") ==
        "Bearer "
        "resource_metadata=\"http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp\", "
        "scope=\"tally.read\", error=\"invalid_token\", error_description=\"the token has "
        "\\\"expired\\\"\"");
  CHECK(insufficient_scope_challenge(info, {"tally.read", "tally.write"}) ==
        "Bearer error=\"insufficient_scope\", scope=\"tally.read tally.write\", "
        "resource_metadata=\"http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp\"");
}
