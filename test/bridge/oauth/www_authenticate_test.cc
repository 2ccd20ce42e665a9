#include "oauth/www_authenticate.h"

#include <doctest/doctest.h>

using namespace tally::bridge::oauth;

TEST_CASE("a Bearer challenge gives resource_metadata, scope and error") {
  auto c = find_bearer_challenge({R"(Bearer resource_metadata="https://s/.well-known/oauth-protected-resource/mcp", scope="a b", error="insufficient_scope")"});
  REQUIRE(c);
  CHECK(c->resource_metadata == "https://s/.well-known/oauth-protected-resource/mcp");
  CHECK(c->scope == "a b");
  CHECK(c->error == "insufficient_scope");
}

TEST_CASE("scheme and parameter names are case-insensitive; quoted values keep commas and escapes") {
  auto c = find_bearer_challenge({R"(bEaReR Scope="x,y", ERROR_description="say \"hi\", then", realm=api)"});
  REQUIRE(c);
  CHECK(c->scope == "x,y");
  CHECK(c->error_description == R"(say "hi", then)");
}

TEST_CASE("several challenges in one header, and several headers") {
  auto all = parse_www_authenticate({R"(Basic realm="a, b", Bearer error="invalid_token", scope=read)",
                                     "Negotiate YII==, DPoP algs=\"ES256\""});
  REQUIRE(all.size() == 4);
  CHECK(all[0].scheme == "basic");
  CHECK(all[0].param("realm") == "a, b");
  CHECK(all[1].scheme == "bearer");
  CHECK(all[1].param("scope") == "read");
  CHECK(all[2].scheme == "negotiate");
  CHECK(all[3].scheme == "dpop");
  CHECK(all[3].param("algs") == "ES256");
  auto bearer = find_bearer_challenge({"Basic realm=x", "Bearer scope=\"s\""});
  REQUIRE(bearer);
  CHECK(bearer->scope == "s");
}

TEST_CASE("no Bearer challenge") {
  CHECK_FALSE(find_bearer_challenge({"Basic realm=x"}));
  CHECK_FALSE(find_bearer_challenge({}));
  auto bare = find_bearer_challenge({"Bearer"});
  REQUIRE(bare);
  CHECK(bare->resource_metadata.empty());
}
