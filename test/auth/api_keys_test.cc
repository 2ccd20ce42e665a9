#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "auth/api_keys.h"
#include "auth/key_cache.h"
#include "auth/workspace.h"
#include "ledger_fixture.h"

using namespace tally::auth;
using tally::auth::testing::TempLedger;

namespace {
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE(
    "a created key is tly_ + 52 base32 characters, found by its text, stored only as a hash") {
  TempLedger l;
  CreatedKey k = create_key(
      *l.db, {.name = "laptop", .workspace = "acme", .timezone = "Europe/Berlin"}, l.clock, l.ids);
  CHECK(k.secret.size() == 56);
  CHECK(k.secret.rfind("tly_", 0) == 0);
  CHECK(k.secret.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 4) == std::string::npos);
  CHECK(k.id.rfind("key_", 0) == 0);
  CHECK(k.workspace_created);
  CHECK(k.timezone == "Europe/Berlin");

  auto c = find_key(*l.db, k.secret);
  REQUIRE(c);
  CHECK(c->id == k.id);
  CHECK(c->name == "laptop");
  CHECK(c->workspace == "acme");
  CHECK(c->timezone == "Europe/Berlin");
  CHECK_FALSE(c->read_only);
  CHECK(c->brand.empty());
  CHECK(c->toolsets.empty());

  l.db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::string bytes = file_bytes(l.path.string());
  CHECK(bytes.find(k.secret) == std::string::npos);
  CHECK(bytes.find(k.secret.substr(4)) == std::string::npos);
  CHECK(bytes.find(key_hash(k.secret)) != std::string::npos);
}

TEST_CASE("two keys differ; scope fields come back as stored") {
  TempLedger l;
  CreatedKey a = create_key(*l.db, {.name = "a"}, l.clock, l.ids);
  CreatedKey b = create_key(*l.db,
                            {.name = "b",
                             .workspace = "personal",
                             .brand = "acme-shop",
                             .read_only = true,
                             .toolsets = "ledger,affiliate"},
                            l.clock, l.ids);
  CHECK(a.secret != b.secret);
  CHECK(a.workspace_created);
  CHECK_FALSE(b.workspace_created);
  auto c = find_key(*l.db, b.secret);
  REQUIRE(c);
  CHECK(c->read_only);
  CHECK(c->brand == "acme-shop");
  CHECK(c->toolsets == "ledger,affiliate");
  auto rows = list_keys(*l.db);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == b.id);  // newest first
}

TEST_CASE("the comparison path: one changed character, a prefix, or another shape is not a key") {
  TempLedger l;
  CreatedKey k = create_key(*l.db, {.name = "a"}, l.clock, l.ids);
  std::string changed = k.secret;
  changed.back() = changed.back() == 'a' ? 'b' : 'a';
  CHECK_FALSE(find_key(*l.db, changed));
  CHECK_FALSE(find_key(*l.db, k.secret.substr(0, 40)));
  CHECK_FALSE(find_key(*l.db, k.secret + "a"));
  CHECK_FALSE(find_key(*l.db, "Bearer " + k.secret));
  CHECK_FALSE(find_key(*l.db, ""));
  // A row whose stored hash is not 32 bytes never matches (the CHECK keeps them out;
  // find_key's CRYPTO_memcmp compares the full stored length).
  CHECK_THROWS(l.db->exec("UPDATE api_key SET hash = x'00'"));
}

TEST_CASE("a revoked key fails; revoking twice or an unknown id says so") {
  TempLedger l;
  CreatedKey k = create_key(*l.db, {.name = "a"}, l.clock, l.ids);
  CHECK(revoke_key(*l.db, k.id, l.clock.now_iso()) == RevokeResult::revoked);
  CHECK_FALSE(find_key(*l.db, k.secret));
  CHECK(revoke_key(*l.db, k.id, l.clock.now_iso()) == RevokeResult::already_revoked);
  CHECK(revoke_key(*l.db, "key_nope", l.clock.now_iso()) == RevokeResult::not_found);
  CHECK(list_keys(*l.db).front().revoked_at == "2026-01-01T00:00:00.000Z");
}

TEST_CASE("bad input is refused with a sentence, and nothing is written") {
  TempLedger l;
  auto message = [&](NewKey spec) {
    try {
      create_key(*l.db, spec, l.clock, l.ids);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message({.name = ""}) == "--name must be 1 to 80 characters");
  CHECK(message({.name = "a", .brand = "Acme Shop"}) ==
        "--brand: use the brand's slug, 1-40 of a-z, 0-9 and - (got \"Acme Shop\")");
  CHECK(message({.name = "a", .workspace = "w", .timezone = "Mars/Olympus"})
            .rfind("--timezone: \"Mars/Olympus\" is not an IANA time zone name", 0) == 0);
  CHECK(message({.name = "a", .workspace = "w", .timezone = "../../etc/passwd"})
            .rfind("--timezone: \"../../etc/passwd\" is not an IANA", 0) == 0);
  CHECK_FALSE(find_workspace(*l.db, "w"));
  create_key(*l.db, {.name = "a", .workspace = "w", .timezone = "UTC"}, l.clock, l.ids);
  CHECK(message({.name = "b", .workspace = "w", .timezone = "Asia/Tokyo"}) ==
        "workspace \"w\" already exists in time zone UTC; --timezone Asia/Tokyo applies only to a "
        "new workspace (change it with tally init --workspace w --timezone Asia/Tokyo)");
  CHECK(list_keys(*l.db).size() == 1);
}

TEST_CASE("KeyCache: a revocation by another connection takes effect on the next lookup") {
  TempLedger l;
  CreatedKey k = create_key(*l.db, {.name = "a"}, l.clock, l.ids);
  auto server_conn = l.other();
  KeyCache cache(*server_conn);
  CHECK(cache.any_keys());
  CHECK(cache.find(k.secret, 1000));
  CHECK(cache.find(k.secret, 2000));  // from the cache
  CHECK_FALSE(cache.find("tly_unknown", 2000));
  revoke_key(*l.db, k.id, l.clock.now_iso());  // "another process"
  CHECK_FALSE(cache.find(k.secret, 3000));
}

TEST_CASE("KeyCache: last used is written at most once a minute, by the writer") {
  TempLedger l;
  CreatedKey k = create_key(*l.db, {.name = "a"}, l.clock, l.ids);
  auto server_conn = l.other();
  KeyCache cache(*server_conn);
  const std::int64_t t0 = 1767225600000;
  REQUIRE(cache.find(k.secret, t0 + 5000));
  CHECK(list_keys(*l.db).front().last_used_at.empty());  // the read wrote nothing
  CHECK(cache.flush_last_used(*l.db, t0 + 61000) == 1);
  CHECK(list_keys(*l.db).front().last_used_at == "2026-01-01T00:00:05.000Z");
  REQUIRE(cache.find(k.secret, t0 + 70000));
  CHECK(cache.flush_last_used(*l.db, t0 + 80000) == 0);  // within the minute
  CHECK(cache.flush_last_used(*l.db, t0 + 121000) == 1);
  CHECK(list_keys(*l.db).front().last_used_at == "2026-01-01T00:01:10.000Z");
  CHECK(cache.find(k.secret, t0 + 130000));  // still found after the writer's commit
}

TEST_CASE("KeyCache: any_keys turns true when another process creates the first key") {
  TempLedger l;
  auto server_conn = l.other();
  KeyCache cache(*server_conn);
  CHECK_FALSE(cache.any_keys());
  CHECK_FALSE(cache.any_keys());
  create_key(*l.db, {.name = "first"}, l.clock, l.ids);
  CHECK(cache.any_keys());
}
