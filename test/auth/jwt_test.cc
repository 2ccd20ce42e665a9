// JWT access tokens: keys generated here with OpenSSL, tokens signed here, the
// JWKS served by an in-process fetch function that counts its calls.
#include <doctest/doctest.h>

#include <map>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <nlohmann/json.hpp>

#include "auth/base64url.h"
#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/openssl_ptr.h"
#include "token_signer.h"

using namespace tally::auth;
using nlohmann::json;
using namespace tally::auth::testing;

namespace {

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
const std::string kIssuer = "https://issuer.example.com/tenant";
const std::string kResource = "https://books.example.com/mcp";

json good_claims() {
  return {{"iss", kIssuer},
          {"aud", kResource},
          {"sub", "user-1"},
          {"exp", kNow + 300},
          {"iat", kNow - 10},
          {"nbf", kNow - 10},
          {"scope", "tally.read tally.write"}};
}

/// An issuer: its metadata and JWKS through the injected fetch, counting calls.
struct Issuer {
  std::vector<const SigningKey*> published;
  std::map<std::string, int> calls;
  bool openid = true;

  HttpFetch fetch() {
    return [this](const std::string& url) -> FetchResult {
      ++calls[url];
      if (url == kIssuer + "/.well-known/openid-configuration" && openid)
        return {200, json{{"issuer", kIssuer}, {"jwks_uri", kIssuer + "/jwks"}}.dump(), ""};
      if (url == "https://issuer.example.com/.well-known/oauth-authorization-server/tenant")
        return {200, json{{"issuer", kIssuer}, {"jwks_uri", kIssuer + "/keys2"}}.dump(), ""};
      if (url == kIssuer + "/jwks" || url == kIssuer + "/keys2") {
        json keys = json::array();
        for (const auto* k : published) keys.push_back(k->jwk());
        return {200, json{{"keys", keys}}.dump(), ""};
      }
      return {404, "", ""};
    };
  }
  int jwks_calls() const {
    int n = 0;
    for (const auto& [url, count] : calls)
      if (url.find("/jwks") != std::string::npos || url.find("/keys2") != std::string::npos)
        n += count;
    return n;
  }
};

struct Fixture {
  const SigningKey& rsa = shared_rsa();
  const SigningKey& ec = shared_ec();
  Issuer issuer;
  Jwks jwks;
  TokenPolicy policy{.issuer = kIssuer, .audience = kResource};

  Fixture() : jwks(kIssuer, issuer.fetch()) { issuer.published = {&rsa, &ec}; }

  TokenResult check(const std::string& token, std::int64_t now = kNow) {
    return verify_access_token(token, policy, jwks, now);
  }
  std::string rs256(const json& claims) {
    return compact({{"alg", "RS256"}, {"kid", "rsa-1"}}, claims, rsa);
  }
};

}  // namespace

TEST_CASE("valid RS256, ES256 and PS256 tokens are accepted with their scopes and subject") {
  Fixture f;
  TokenResult r = f.check(f.rs256(good_claims()));
  REQUIRE_MESSAGE(r.ok(), r.message);
  CHECK(r.token.subject == "user-1");
  CHECK(r.token.workspace_values == std::vector<std::string>{"user-1"});
  CHECK(has_scope(r.token, "tally.write"));
  CHECK(r.token.expires_at == kNow + 300);

  TokenResult e =
      f.check(compact({{"alg", "ES256"}, {"kid", "ec-1"}, {"typ", "at+jwt"}}, good_claims(), f.ec));
  CHECK_MESSAGE(e.ok(), e.message);

  SigningKey ps = rsa_key("ps-1", "PS256");
  f.issuer.published.push_back(&ps);
  TokenResult p =
      f.check(compact({{"alg", "PS256"}, {"kid", "ps-1"}}, good_claims(), ps), kNow + 120);
  CHECK_MESSAGE(p.ok(), p.message);
  CHECK(f.issuer.jwks_calls() == 2);  // ps-1 was unknown: one refetch, a minute later
}

TEST_CASE("claims: wrong issuer, audience, expiry, nbf/iat in the future, within 60 s of skew") {
  Fixture f;
  auto with = [](const char* name, json value) {
    json c = good_claims();
    c[name] = std::move(value);
    return c;
  };
  CHECK(f.check(f.rs256(with("iss", "https://evil.example.com"))).error ==
        TokenError::wrong_issuer);
  CHECK(f.check(f.rs256(with("aud", "https://other.example.com/mcp"))).error ==
        TokenError::wrong_audience);
  CHECK(f.check(f.rs256(with("aud", json::array({"a", kResource})))).ok());
  CHECK(f.check(f.rs256(with("aud", kResource + "/"))).error == TokenError::wrong_audience);
  CHECK(f.check(f.rs256(with("exp", kNow - 61))).error == TokenError::expired);
  CHECK(f.check(f.rs256(with("exp", kNow - 59))).ok());
  CHECK(f.check(f.rs256(with("nbf", kNow + 61))).error == TokenError::not_yet_valid);
  CHECK(f.check(f.rs256(with("nbf", kNow + 59))).ok());
  CHECK(f.check(f.rs256(with("iat", kNow + 3600))).error == TokenError::not_yet_valid);
  json no_exp = good_claims();
  no_exp.erase("exp");
  CHECK(f.check(f.rs256(no_exp)).error == TokenError::missing_claim);
  CHECK(f.check(f.rs256(with("exp", "tomorrow"))).error == TokenError::malformed);
  CHECK(f.check(f.rs256(with("exp", 1e300))).error == TokenError::malformed);
  CHECK(f.check(f.rs256(with("exp", 18446744073709551615ULL))).error == TokenError::malformed);
  CHECK(f.check(f.rs256(with("exp", kNow + 300.5))).ok());
  TokenResult msg = f.check(f.rs256(with("exp", kNow - 61)));
  CHECK(msg.message == "the token has expired");
  CHECK(std::string(token_error_name(msg.error)) == "expired");
}

TEST_CASE("algorithms: none, HS256 with the RSA public key as secret, and crit are refused") {
  Fixture f;
  std::string claims = base64url_encode(good_claims().dump());
  std::string none = base64url_encode(json{{"alg", "none"}}.dump()) + "." + claims + ".";
  CHECK(f.check(none).error == TokenError::unsupported_algorithm);

  std::string input =
      base64url_encode(json{{"alg", "HS256"}, {"kid", "rsa-1"}}.dump()) + "." + claims;
  std::string secret = f.rsa.public_pem();
  unsigned char mac[32];
  std::size_t mac_len = 0;
  REQUIRE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                    reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
                    sizeof mac, &mac_len) != nullptr);
  std::string hs =
      input + "." + base64url_encode(std::string(reinterpret_cast<char*>(mac), mac_len));
  TokenResult r = f.check(hs);
  CHECK(r.error == TokenError::unsupported_algorithm);
  CHECK(r.message == "the token's algorithm is not RS256, ES256 or PS256");
  CHECK(f.issuer.jwks_calls() == 0);  // refused before any key was looked at

  CHECK(f.check(
             compact({{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", {"exp"}}}, good_claims(), f.rsa))
            .error == TokenError::critical_header);
  // An RS256 header over the EC key's kid: algorithm and key type disagree.
  CHECK(f.check(compact({{"alg", "RS256"}, {"kid", "ec-1"}}, good_claims(), f.rsa)).error ==
        TokenError::bad_signature);
}

TEST_CASE("a tampered payload or signature fails the signature check") {
  Fixture f;
  std::string token = f.rs256(good_claims());
  auto dot1 = token.find('.'), dot2 = token.rfind('.');
  json changed = good_claims();
  changed["sub"] = "admin";
  std::string tampered =
      token.substr(0, dot1 + 1) + base64url_encode(changed.dump()) + token.substr(dot2);
  CHECK(f.check(tampered).error == TokenError::bad_signature);

  std::string ec = compact({{"alg", "ES256"}, {"kid", "ec-1"}}, good_claims(), f.ec);
  std::string flipped = ec;
  flipped[ec.size() - 5] = flipped[ec.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(f.check(flipped).error == TokenError::bad_signature);
  // A DER signature where raw r||s belongs is refused, not passed through.
  std::string input = ec.substr(0, ec.rfind('.'));
  CHECK(f.check(input + "." + base64url_encode(std::string(72, '\x30'))).error ==
        TokenError::bad_signature);
}

TEST_CASE("malformed tokens: parts, base64url strictness, JSON") {
  Fixture f;
  std::string good = f.rs256(good_claims());
  CHECK(f.check("").error == TokenError::malformed);
  CHECK(f.check("a.b").error == TokenError::malformed);
  CHECK(f.check(good + ".x").error == TokenError::malformed);
  std::string padded = good.substr(0, good.find('.')) + "=" + good.substr(good.find('.'));
  CHECK(f.check(padded).error == TokenError::malformed);
  std::string plus = good;
  plus[good.find('.') + 2] = '+';  // the standard alphabet, not base64url
  CHECK(f.check(plus).error == TokenError::malformed);
  std::string not_json = base64url_encode("[1]") + good.substr(good.find('.'));
  CHECK(f.check(not_json).error == TokenError::malformed);
  CHECK(f.check("eyJ.eyJ.sig").error == TokenError::malformed);
  CHECK(f.issuer.jwks_calls() == 0);
}

TEST_CASE("base64url decoding is strict") {
  CHECK(base64url_decode("") == std::string());
  CHECK(base64url_decode("Zm9v") == std::string("foo"));
  CHECK(base64url_decode("Zm8") == std::string("fo"));
  CHECK(base64url_decode("Zg") == std::string("f"));
  CHECK_FALSE(base64url_decode("Zm9=").has_value());   // padding
  CHECK_FALSE(base64url_decode("Zm9vY").has_value());  // 5 characters: no byte count fits
  CHECK_FALSE(base64url_decode("Zm9 v").has_value());  // whitespace
  CHECK_FALSE(base64url_decode("Zm9/").has_value());   // the standard alphabet
  CHECK_FALSE(base64url_decode("Zh").has_value());     // non-zero trailing bits
  CHECK(base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
  CHECK(base32_lower(std::string("\xff", 1)) == "74");
}

TEST_CASE(
    "unknown kid: one refetch, then rejected; another unknown kid within the minute does not "
    "refetch") {
  Fixture f;
  REQUIRE(f.check(f.rs256(good_claims())).ok());
  CHECK(f.issuer.jwks_calls() == 1);
  SigningKey stranger = rsa_key("rotated-2");
  std::string token = compact({{"alg", "RS256"}, {"kid", "rotated-2"}}, good_claims(), stranger);
  // 61 s later an unknown kid may refetch once …
  TokenResult r = f.check(token, kNow + 61);
  CHECK(r.error == TokenError::unknown_key);
  CHECK(r.message == "the issuer's key set has no key with the token's kid");
  CHECK(f.issuer.jwks_calls() == 2);
  // … and within the next minute neither it nor another unknown kid refetches.
  std::string other = compact({{"alg", "RS256"}, {"kid", "rotated-3"}}, good_claims(), stranger);
  CHECK(f.check(token, kNow + 62).error == TokenError::unknown_key);
  CHECK(f.check(other, kNow + 90).error == TokenError::unknown_key);
  CHECK(f.issuer.jwks_calls() == 2);
  // The issuer rotates: after the minute the new key is fetched and accepted.
  f.issuer.published.push_back(&stranger);
  CHECK(f.check(other, kNow + 122).error == TokenError::unknown_key);
  CHECK(f.check(token, kNow + 123).ok());
  CHECK(f.issuer.jwks_calls() == 3);
}

TEST_CASE(
    "discovery: OpenID configuration first, RFC 8414 next; issuer must match; https unless "
    "loopback") {
  Fixture f;
  f.issuer.openid = false;
  CHECK(f.jwks.refresh(kNow * 1000) == "");
  CHECK(f.issuer.calls[kIssuer + "/.well-known/openid-configuration"] == 1);
  CHECK(f.issuer.calls[kIssuer + "/keys2"] == 1);

  // The metadata must name the configured issuer exactly (here it lacks the trailing slash).
  Jwks wrong(kIssuer + "/", f.issuer.fetch());
  CHECK(wrong.refresh(0) ==
        "the metadata at https://issuer.example.com/.well-known/oauth-authorization-server/tenant "
        "names another issuer than " +
            kIssuer + "/");
  Jwks none("https://issuer.example.com/other", f.issuer.fetch());
  CHECK(none.refresh(0) ==
        "no authorization server metadata for https://issuer.example.com/other "
        "(https://issuer.example.com/other/.well-known/openid-configuration: HTTP 404; "
        "https://issuer.example.com/.well-known/oauth-authorization-server/other: HTTP 404)");
  CHECK_THROWS_WITH(
      Jwks("http://issuer.example.com", f.issuer.fetch()),
      "--oauth-issuer: \"http://issuer.example.com\" must use https (plain http only on "
      "a loopback address)");
  CHECK_NOTHROW(Jwks("http://127.0.0.1:9000/issuer", f.issuer.fetch()));

  Jwks down(kIssuer, [](const std::string&) { return FetchResult{0, "", "connection refused"}; });
  TokenPolicy policy{.issuer = kIssuer, .audience = kResource};
  TokenResult r = verify_access_token(f.rs256(good_claims()), policy, down, kNow);
  CHECK(r.error == TokenError::jwks_unavailable);
}

TEST_CASE("Cognito: client_id + token_use=access accepted without aud; an ID token is refused") {
  Fixture f;
  f.policy.client_id = "4abc";
  f.policy.workspace_claim = "cognito:groups";
  json access = {{"iss", kIssuer},
                 {"client_id", "4abc"},
                 {"token_use", "access"},
                 {"sub", "u"},
                 {"exp", kNow + 300},
                 {"scope", "tally.read"},
                 {"cognito:groups", {"acme", "beta"}}};
  TokenResult ok = f.check(f.rs256(access));
  REQUIRE_MESSAGE(ok.ok(), ok.message);
  CHECK(ok.token.workspace_values == std::vector<std::string>{"acme", "beta"});
  CHECK_FALSE(has_scope(ok.token, "tally.write"));

  json id_token = access;
  id_token["token_use"] = "id";
  id_token.erase("client_id");
  id_token["aud"] = "4abc";
  TokenResult id = f.check(f.rs256(id_token));
  CHECK(id.error == TokenError::not_access_token);

  json other_client = access;
  other_client["client_id"] = "9xyz";
  CHECK(f.check(f.rs256(other_client)).error == TokenError::wrong_audience);

  json no_group = access;
  no_group.erase("cognito:groups");
  TokenResult missing = f.check(f.rs256(no_group));
  CHECK(missing.error == TokenError::missing_claim);
  CHECK(missing.message == "the token has no string claim \"cognito:groups\" to pick a workspace");
}

TEST_CASE("scp arrays are scopes too") {
  Fixture f;
  json c = good_claims();
  c.erase("scope");
  c["scp"] = {"tally.read"};
  TokenResult r = f.check(f.rs256(c));
  REQUIRE(r.ok());
  CHECK(r.token.scopes == std::vector<std::string>{"tally.read"});
}
