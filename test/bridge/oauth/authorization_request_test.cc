#include "oauth/authorization_request.h"
#include "oauth/client_registration.h"

#include <doctest/doctest.h>

using namespace tally::bridge::oauth;

TEST_CASE("scope selection: flag, then challenge, then PRM scopes_supported, else omitted") {
  CHECK(select_scope("openid email", "mcp:basic", {"a"}, {}) == "openid email");
  CHECK(select_scope("", "mcp:basic", {"a", "b"}, {}) == "mcp:basic");
  CHECK(select_scope("", "", {"mcp:basic", "mcp:read"}, {}) == "mcp:basic mcp:read");
  CHECK(select_scope("", "", {}, {"openid", "offline_access"}) == "");
}

TEST_CASE("offline_access only when the AS lists it") {
  CHECK(select_scope("", "", {"mcp:basic"}, {"mcp:basic", "offline_access"}) == "mcp:basic offline_access");
  CHECK(select_scope("", "", {"mcp:basic"}, {"mcp:basic", "mcp:read"}) == "mcp:basic");
}

TEST_CASE("step-up merges scopes without duplicates") {
  CHECK(merge_scopes("mcp:basic", "mcp:basic mcp:write") == "mcp:basic mcp:write");
  CHECK(scopes_cover("a b c", "c a"));
  CHECK_FALSE(scopes_cover("a", "a b"));
}

TEST_CASE("--authorize-param refuses what the flow owns") {
  std::string error;
  auto ok = parse_authorize_params({"prompt=consent", "audience=https://api"}, error);
  REQUIRE(ok);
  CHECK(ok->size() == 2);
  CHECK_FALSE(parse_authorize_params({"state=x"}, error));
  CHECK(error == "--authorize-param: \"state\" is set by the sign-in flow itself and cannot be overridden");
  CHECK_FALSE(parse_authorize_params({"novalue"}, error));
}

TEST_CASE("the authorization URL carries PKCE S256, state, scope and resource") {
  AuthServerMetadata as;
  as.authorization_endpoint = "https://as.example/oauth2/authorize";
  AuthorizeRequest r{"cid", "http://localhost:4000/oauth/callback", "chal", "st", "openid email", "https://mcp/x",
                     {{"prompt", "consent"}}};
  auto url = authorization_url(as, r);
  auto q = parse_query(url.substr(url.find('?') + 1));
  auto get = [&](const std::string& k) {
    for (auto& [a, b] : q)
      if (a == k) return b;
    return std::string("<absent>");
  };
  CHECK(get("response_type") == "code");
  CHECK(get("client_id") == "cid");
  CHECK(get("redirect_uri") == "http://localhost:4000/oauth/callback");
  CHECK(get("code_challenge") == "chal");
  CHECK(get("code_challenge_method") == "S256");
  CHECK(get("state") == "st");
  CHECK(get("scope") == "openid email");
  CHECK(get("resource") == "https://mcp/x");
  CHECK(get("prompt") == "consent");
  r.resource.clear();
  r.scope.clear();
  auto bare = authorization_url(as, r);
  CHECK(bare.find("resource=") == std::string::npos);
  CHECK(bare.find("scope=") == std::string::npos);
}

TEST_CASE("redirect URI and the derived port") {
  CHECK(redirect_uri("localhost", 3334, "/oauth/callback") == "http://localhost:3334/oauth/callback");
  CHECK(redirect_uri("::1", 80, "cb") == "http://[::1]:80/cb");
  int p = derived_callback_port("https://mcp.example/mcp");
  CHECK(p >= 3335);
  CHECK(p < 3335 + 45816);
  CHECK(p == derived_callback_port("https://mcp.example/mcp"));
}

TEST_CASE("token endpoint auth method selection") {
  ClientInfo secret{"id", "s", "", {}, "dcr", ""};
  ClientInfo pub{"id", "", "", {}, "dcr", ""};
  CHECK(select_auth_method(secret, {}) == "client_secret_basic");
  CHECK(select_auth_method(pub, {}) == "none");
  CHECK(select_auth_method(secret, {"client_secret_post", "client_secret_basic"}) == "client_secret_basic");
  CHECK(select_auth_method(secret, {"client_secret_post"}) == "client_secret_post");
  CHECK(select_auth_method(secret, {"none"}) == "none");
  ClientInfo registered{"id", "s", "client_secret_post", {}, "dcr", ""};
  CHECK(select_auth_method(registered, {"client_secret_basic", "client_secret_post"}) == "client_secret_post");
}

TEST_CASE("static client info: JSON, @file and ${VAR}") {
  std::string error;
  auto c = parse_static_client_info(R"({"client_id":"abc","client_secret":"${TALLY_TEST_SECRET}"})", error);
  CHECK_FALSE(c);
  CHECK(error == "--static-oauth-client-info: environment variable TALLY_TEST_SECRET is not set");
  setenv("TALLY_TEST_SECRET", "s3", 1);
  c = parse_static_client_info(R"({"client_id":"abc","client_secret":"${TALLY_TEST_SECRET}"})", error);
  REQUIRE(c);
  CHECK(c->client_secret == "s3");
  CHECK(c->source == "static");
  CHECK_FALSE(parse_static_client_info("@/nonexistent/file.json", error));
  CHECK_FALSE(parse_static_client_info("{}", error));
}

TEST_CASE("CIMD client ids are https URLs with a path") {
  CHECK(valid_client_metadata_url("https://app.example/client.json"));
  CHECK_FALSE(valid_client_metadata_url("https://app.example/"));
  CHECK_FALSE(valid_client_metadata_url("http://app.example/client.json"));
}
