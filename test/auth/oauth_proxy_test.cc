#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "auth/oauth_proxy.h"

using namespace tally::auth;

TEST_CASE("without_param removes every resource pair and keeps the rest byte for byte") {
  CHECK(without_param("a=1&resource=https%3A%2F%2Fx%2Fmcp&b=2", "resource") == "a=1&b=2");
  CHECK(without_param("resource=x", "resource") == "");
  CHECK(without_param("resource=x&resource=y&state=%2B", "resource") == "state=%2B");
  CHECK(without_param("r%65source=x&code=abc", "resource") == "code=abc");  // encoded name
  CHECK(without_param("resources=x&myresource=y", "resource") == "resources=x&myresource=y");
  CHECK(without_param("resource&a=1&&b", "resource") == "a=1&b");  // a bare name, empty pairs
  CHECK(without_param("", "resource") == "");
  CHECK(without_param("a=%zz&resource=1", "resource") ==
        "a=%zz");  // bad escapes pass through untouched
}

TEST_CASE("upstream endpoints must be present and https (http only on loopback)") {
  std::string error;
  auto ok = upstream_endpoints(
      {{"authorization_endpoint", "https://pool.auth.example.com/oauth2/authorize"},
       {"token_endpoint", "https://pool.auth.example.com/oauth2/token"}},
      error);
  REQUIRE(ok);
  CHECK(ok->token_endpoint == "https://pool.auth.example.com/oauth2/token");
  CHECK_FALSE(upstream_endpoints({{"authorization_endpoint", "https://a.example.com/x"}}, error));
  CHECK(error == "the issuer's metadata has no token_endpoint");
  CHECK_FALSE(upstream_endpoints({{"authorization_endpoint", "http://a.example.com/x"},
                                  {"token_endpoint", "https://a.example.com/t"}},
                                 error));
  CHECK(error.find("https") != std::string::npos);
  CHECK_FALSE(upstream_endpoints(nlohmann::json::array(), error));
}

TEST_CASE("proxy metadata names Tally as issuer and keeps the issuer's keys") {
  nlohmann::json upstream{
      {"issuer", "https://cognito-idp.eu-west-2.amazonaws.com/pool"},
      {"jwks_uri", "https://cognito-idp.eu-west-2.amazonaws.com/pool/.well-known/jwks.json"},
      {"scopes_supported", {"openid", "tally/tally.read"}},
      {"id_token_signing_alg_values_supported", {"RS256"}}};
  nlohmann::json m = proxy_metadata(upstream, "https://books.example.com");
  CHECK(m["issuer"] == "https://books.example.com");
  CHECK(m["authorization_endpoint"] == "https://books.example.com/oauth2/authorize");
  CHECK(m["token_endpoint"] == "https://books.example.com/oauth2/token");
  CHECK(m["jwks_uri"] == upstream["jwks_uri"]);
  CHECK(m["scopes_supported"] == upstream["scopes_supported"]);
  CHECK(m["code_challenge_methods_supported"] == nlohmann::json::array({"S256"}));
  CHECK_FALSE(m.contains("id_token_signing_alg_values_supported"));
  CHECK_FALSE(m.contains("registration_endpoint"));
}
