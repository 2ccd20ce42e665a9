#include "oauth/as_metadata.h"
#include "oauth/prm_discovery.h"
#include "oauth/url.h"

#include <doctest/doctest.h>

using namespace tally::bridge::oauth;

TEST_CASE("URLs parse and rebuild") {
  auto u = Url::parse("HTTPS://Example.COM:443/a/b?x=1#frag");
  REQUIRE(u);
  CHECK(u->origin() == "https://example.com");
  CHECK(u->path == "/a/b");
  CHECK(u->query == "x=1");
  CHECK(Url::parse("http://[::1]:8080/cb")->authority() == "[::1]:8080");
  CHECK_FALSE(Url::parse("ftp://x/"));
  CHECK_FALSE(Url::parse("https://user@evil/"));
  CHECK_FALSE(Url::parse("https://x:99999/"));
  // Found by fuzz/bridge: a host with a stray ':' or ']' printed as another URL.
  CHECK_FALSE(Url::parse("http://z::1]:8080/mcp"));
  CHECK_FALSE(Url::parse("https://evil.example:80:443/"));
  CHECK_FALSE(Url::parse("https://evil.example\\@good.example/"));
  CHECK_FALSE(Url::parse("https://a b/"));
  CHECK_FALSE(Url::parse("http://[zz]/"));
  CHECK(Url::parse("http://127.0.0.1:3000/")->host == "127.0.0.1");
}

TEST_CASE("canonical resource: lowercase scheme and host, no fragment or trailing slash") {
  CHECK(canonical_resource("HTTPS://MCP.Example.com/mcp/#x") == "https://mcp.example.com/mcp");
  CHECK(canonical_resource("https://mcp.example.com/") == "https://mcp.example.com");
}

TEST_CASE("PRM resource must be the server or a path prefix of it, same origin") {
  CHECK(resource_allowed("http://localhost:3000/mcp", "http://localhost:3000/mcp"));
  CHECK(resource_allowed("http://localhost:3000/mcp", "http://localhost:3000"));
  CHECK(resource_allowed("http://localhost:3000/mcp/v1", "http://localhost:3000/mcp/"));
  CHECK_FALSE(resource_allowed("http://localhost:3000/mcp", "https://evil.example.com/mcp"));
  CHECK_FALSE(resource_allowed("http://localhost:3000/mcp", "http://localhost:3001/mcp"));
  CHECK_FALSE(resource_allowed("http://localhost:3000/mcpx", "http://localhost:3000/mcp"));
  CHECK_FALSE(resource_allowed("http://localhost:3000/mcp", "http://localhost:3000/mcp/deeper"));
}

TEST_CASE("form encoding follows RFC 6749 Appendix B") {
  CHECK(form_encode("a b+c/d~e") == "a%20b%2Bc%2Fd~e");
  CHECK(encode_form({{"k", "v w"}, {"x", "&"}}) == "k=v%20w&x=%26");
  auto q = parse_query("code=abc&state=x%2By&e=a+b");
  REQUIRE(q.size() == 3);
  CHECK(q[1].second == "x+y");
  CHECK(q[2].second == "a b");
  CHECK(with_query("https://as/authorize?tenant=1", {{"a", "b"}}) == "https://as/authorize?tenant=1&a=b");
}

TEST_CASE("PRM discovery order: header URL, path-aware, root") {
  auto urls = prm_candidate_urls("https://s.example/api/mcp", "https://s.example/custom.json");
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "https://s.example/custom.json");
  CHECK(urls[1] == "https://s.example/.well-known/oauth-protected-resource/api/mcp");
  CHECK(urls[2] == "https://s.example/.well-known/oauth-protected-resource");
  CHECK(prm_candidate_urls("https://s.example/", "").size() == 1);
}

TEST_CASE("AS metadata URLs: path insertion variants, Cognito's form last") {
  auto urls = as_metadata_urls("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool");
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "https://cognito-idp.us-east-1.amazonaws.com/.well-known/oauth-authorization-server/us-east-1_Pool");
  CHECK(urls[1] == "https://cognito-idp.us-east-1.amazonaws.com/.well-known/openid-configuration/us-east-1_Pool");
  CHECK(urls[2] == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool/.well-known/openid-configuration");
  auto root = as_metadata_urls("https://as.example/");
  REQUIRE(root.size() == 2);
  CHECK(root[0] == "https://as.example/.well-known/oauth-authorization-server");
  CHECK(root[1] == "https://as.example/.well-known/openid-configuration");
}

TEST_CASE("issuers compare as URLs with one trailing slash tolerated") {
  CHECK(same_issuer("https://as.example", "https://as.example/"));
  CHECK(same_issuer("HTTPS://AS.example/t1", "https://as.example/t1"));
  CHECK_FALSE(same_issuer("https://as.example/t1", "https://as.example/t2"));
}
