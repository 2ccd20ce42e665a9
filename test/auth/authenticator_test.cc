// One Authorization header → credential or 401/403, on a real ledger with a key,
// an issuer's JWKS served in-process, and the OAuth mappings.
#include <doctest/doctest.h>

#include "auth/api_keys.h"
#include "auth/authenticator.h"
#include "ledger_fixture.h"
#include "token_signer.h"

using namespace tally::auth;
using namespace tally::auth::testing;

namespace {

constexpr std::int64_t kNowMs = 1767225600000;  // 2026-01-01T00:00:00Z
const std::string kIssuer = "http://127.0.0.1:9/issuer";
const std::string kMetadata =
    "resource_metadata=\"http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp\"";

struct Server {
  TempLedger ledger;
  std::unique_ptr<SQLite::Database> conn = ledger.other();
  KeyCache keys{*conn};
  Jwks jwks{kIssuer, [](const std::string& url) -> FetchResult {
              if (url == kIssuer + "/.well-known/openid-configuration")
                return {200, json{{"issuer", kIssuer}, {"jwks_uri", kIssuer + "/jwks"}}.dump(), ""};
              if (url == kIssuer + "/jwks")
                return {200, json{{"keys", {shared_rsa().jwk()}}}.dump(), ""};
              return {404, "", ""};
            }};
  AuthConfig config{
      .resource = {.public_url = "http://127.0.0.1:8765", .authorization_servers = {kIssuer}}};

  Authenticator make(bool oauth) {
    if (oauth)
      config.oauth = TokenPolicy{
          .issuer = kIssuer, .audience = "http://127.0.0.1:8765/mcp", .workspace_claim = "groups"};
    return Authenticator(
        config, keys, oauth ? &jwks : nullptr,
        [this](const std::vector<std::string>& values) { return find_mapping(*conn, values); });
  }
  std::string token(json claims) {
    json base = {{"iss", kIssuer},        {"aud", "http://127.0.0.1:8765/mcp"},
                 {"sub", "u1"},           {"exp", kNowMs / 1000 + 300},
                 {"scope", "tally.read"}, {"groups", {"acme"}}};
    if (!claims.is_null()) base.update(claims);
    return compact({{"alg", "RS256"}, {"kid", "rsa-1"}}, base, shared_rsa());
  }
};

}  // namespace

TEST_CASE("bearer_token: case-insensitive scheme, one token") {
  CHECK(bearer_token("Bearer abc") == "abc");
  CHECK(bearer_token("bearer   abc ") == "abc");
  CHECK(bearer_token("Basic abc").empty());
  CHECK(bearer_token("Bearer").empty());
  CHECK(bearer_token("Bearer a b").empty());
  CHECK(bearer_token("Bearerabc").empty());
}

TEST_CASE("no key and no issuer: anonymous; the first key turns credentials on") {
  Server s;
  Authenticator auth = s.make(false);
  CHECK_FALSE(auth.required());
  AuthOutcome open = auth.authenticate("", kNowMs);
  CHECK(open.status == 200);
  CHECK(open.anonymous);

  CreatedKey key =
      create_key(*s.ledger.db, {.name = "laptop", .workspace = "acme", .read_only = true},
                 s.ledger.clock, s.ledger.ids);
  CHECK(auth.required());
  AuthOutcome none = auth.authenticate("", kNowMs);
  CHECK(none.status == 401);
  CHECK(none.www_authenticate == "Bearer " + kMetadata + ", scope=\"tally.read\"");

  AuthOutcome ok = auth.authenticate("Bearer " + key.secret, kNowMs);
  REQUIRE(ok.status == 200);
  CHECK(ok.credential.workspace == "acme");
  CHECK_FALSE(ok.may_write());
  CHECK_FALSE(ok.lists_write_tools());

  revoke_key(*s.ledger.db, key.id, s.ledger.clock.now_iso());
  AuthOutcome revoked = auth.authenticate("Bearer " + key.secret, kNowMs);
  CHECK(revoked.status == 401);
  CHECK(revoked.message == "The API key is unknown or revoked.");
  CHECK(revoked.www_authenticate.find("error=\"invalid_token\"") != std::string::npos);
  CHECK(revoked.www_authenticate.find(key.secret) == std::string::npos);
}

TEST_CASE("OAuth: mapped group → workspace; read scope reads; writes need tally.write") {
  Server s;
  Authenticator auth = s.make(true);
  CHECK(auth.required());
  map_claim_value(*s.ledger.db, {.value = "acme", .workspace = "acme"}, s.ledger.clock.now_iso());

  AuthOutcome reader = auth.authenticate("Bearer " + s.token({}), kNowMs);
  REQUIRE_MESSAGE(reader.status == 200, reader.message);
  CHECK(reader.oauth);
  CHECK(reader.credential.workspace == "acme");
  CHECK(reader.lists_write_tools());
  CHECK_FALSE(reader.may_write());
  CHECK(auth.write_challenge() ==
        "Bearer error=\"insufficient_scope\", scope=\"tally.read tally.write\", " + kMetadata);

  AuthOutcome writer =
      auth.authenticate("Bearer " + s.token({{"scope", "tally.read tally.write"}}), kNowMs);
  CHECK(writer.may_write());
}

TEST_CASE(
    "OAuth refusals: bad token 401, unmapped or ambiguous 403 naming the values, no scope 403") {
  Server s;
  Authenticator auth = s.make(true);
  map_claim_value(*s.ledger.db, {.value = "acme", .workspace = "acme"}, s.ledger.clock.now_iso());
  map_claim_value(*s.ledger.db, {.value = "beta", .workspace = "beta"}, s.ledger.clock.now_iso());

  std::string expired = s.token({{"exp", kNowMs / 1000 - 3600}});
  AuthOutcome old = auth.authenticate("Bearer " + expired, kNowMs);
  CHECK(old.status == 401);
  CHECK(old.message == "The access token was refused: the token has expired.");
  CHECK(old.www_authenticate ==
        "Bearer " + kMetadata +
            ", scope=\"tally.read\", error=\"invalid_token\", error_description=\"The access "
            "token was refused: the token has expired.\"");

  AuthOutcome unmapped = auth.authenticate("Bearer " + s.token({{"groups", {"gamma"}}}), kNowMs);
  CHECK(unmapped.status == 403);
  CHECK(unmapped.message ==
        "No workspace for this caller: map the token's groups (\"gamma\") with: tally oauth map "
        "VALUE --workspace NAME");

  AuthOutcome both = auth.authenticate("Bearer " + s.token({{"groups", {"acme", "beta"}}}), kNowMs);
  CHECK(both.status == 403);
  CHECK(both.message ==
        "The token's groups matches several mapped values (\"acme\", \"beta\"); a caller must "
        "match exactly one. Remove all but one with: tally oauth unmap VALUE");

  AuthOutcome no_scope = auth.authenticate("Bearer " + s.token({{"scope", "openid"}}), kNowMs);
  CHECK(no_scope.status == 403);

  AuthOutcome key_shaped = auth.authenticate("Bearer tly_nope", kNowMs);
  CHECK(key_shaped.status == 401);
}
