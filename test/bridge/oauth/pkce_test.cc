#include "oauth/base64.h"
#include "oauth/pkce.h"

#include <set>

#include <doctest/doctest.h>

using namespace tally::bridge::oauth;

TEST_CASE("S256 matches RFC 7636 Appendix B") {
  CHECK(s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST_CASE("verifiers are 43+ unreserved characters, fresh each time") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    Pkce p = make_pkce();
    CHECK(p.verifier.size() >= 43);
    CHECK(p.verifier.size() <= 128);
    CHECK(p.verifier.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") ==
          std::string::npos);
    CHECK(p.challenge == s256_challenge(p.verifier));
    CHECK(p.challenge.find('=') == std::string::npos);
    seen.insert(p.verifier);
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("base64 round trips") {
  CHECK(base64_encode("client:secret") == "Y2xpZW50OnNlY3JldA==");
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
  CHECK(base64url_decode("eyJhIjoxfQ") == std::string("{\"a\":1}"));
  CHECK_FALSE(base64url_decode("a*b"));
}
