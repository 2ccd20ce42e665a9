#include <doctest/doctest.h>

#include "auth/oauth_mappings.h"
#include "auth/workspace.h"
#include "ledger_fixture.h"

using namespace tally::auth;
using tally::auth::testing::TempLedger;

TEST_CASE(
    "a mapped claim value picks its workspace; an array must match exactly one mapped value") {
  TempLedger l;
  MapResult first = map_claim_value(
      *l.db, {.value = "acme-admins", .workspace = "acme", .timezone = "Asia/Tokyo"},
      l.clock.now_iso());
  CHECK(first.workspace_created);
  CHECK_FALSE(first.replaced);
  CHECK(first.timezone == "Asia/Tokyo");
  map_claim_value(*l.db, {.value = "beta-team", .workspace = "beta", .read_only = true},
                  l.clock.now_iso());

  MappingMatch one = find_mapping(*l.db, {"everyone", "acme-admins"});
  REQUIRE(one.kind == MappingMatch::Kind::found);
  CHECK(one.credential.workspace == "acme");
  CHECK(one.credential.timezone == "Asia/Tokyo");
  CHECK(one.credential.id == "acme-admins");
  CHECK_FALSE(one.credential.read_only);

  MappingMatch both = find_mapping(*l.db, {"acme-admins", "beta-team"});
  CHECK(both.kind == MappingMatch::Kind::ambiguous);
  CHECK(both.matched == std::vector<std::string>{"acme-admins", "beta-team"});
  CHECK(find_mapping(*l.db, {"acme-admins", "acme-admins"}).kind == MappingMatch::Kind::found);
  CHECK(find_mapping(*l.db, {"nobody"}).kind == MappingMatch::Kind::unmapped);
  CHECK(find_mapping(*l.db, {}).kind == MappingMatch::Kind::unmapped);
}

TEST_CASE("re-mapping replaces; unmap removes; list shows value, workspace and scope") {
  TempLedger l;
  map_claim_value(*l.db, {.value = "u-1", .workspace = "a"}, l.clock.now_iso());
  MapResult again = map_claim_value(*l.db, {.value = "u-1", .workspace = "b", .brand = "shop"},
                                    l.clock.now_iso());
  CHECK(again.replaced);
  auto rows = list_mappings(*l.db);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].workspace == "b");
  CHECK(rows[0].brand == "shop");
  CHECK(unmap_claim_value(*l.db, "u-1"));
  CHECK_FALSE(unmap_claim_value(*l.db, "u-1"));
  CHECK(list_mappings(*l.db).empty());
  CHECK_THROWS_WITH(map_claim_value(*l.db, {.value = "", .workspace = "a"}, l.clock.now_iso()),
                    "the claim value must be 1 to 256 characters");
}

TEST_CASE("the core migration gives existing workspaces a zone and new ones the one asked for") {
  TempLedger l;
  auto ws = open_or_create_workspace(*l.db, "home", "America/New_York", l.clock.now_iso());
  CHECK(ws.created);
  CHECK(find_workspace(*l.db, "home")->timezone == "America/New_York");
  set_workspace_timezone(*l.db, ws.id, "Europe/Paris");
  CHECK(find_workspace(*l.db, "home")->timezone == "Europe/Paris");
  CHECK_THROWS_WITH(set_workspace_timezone(*l.db, ws.id, "Europe/Nowhere"),
                    "--timezone: \"Europe/Nowhere\" is not an IANA time zone name (for example "
                    "Europe/Berlin, America/New_York, UTC; see /usr/share/zoneinfo)");
  CHECK_THROWS_WITH(set_workspace_timezone(*l.db, ws.id, "zone.tab"),
                    doctest::Contains("is not an IANA time zone name"));
}

TEST_CASE("migration core v2: a workspace made before it gets this machine's zone (TZ)") {
  TempLedger scratch;  // only for a unique path
  std::string path = scratch.path.string() + "-v1.db";
  const char* old_tz = std::getenv("TZ");
  std::string saved = old_tz ? old_tz : "";
  ::setenv("TZ", "Asia/Tokyo", 1);
  std::string backup;
  {
    auto db = tally::store::open_database(path);
    auto all = tally::store::core_migrations();
    tally::store::migrate(*db, path, {all.front()}, "20250101T000000Z");
    db->exec("INSERT INTO workspace (name, created_at) VALUES ('old', '2025-01-01T00:00:00.000Z')");
    backup = tally::store::migrate(*db, path, all, "20260101T000000Z").backup_path;
    CHECK(find_workspace(*db, "old")->timezone == "Asia/Tokyo");
  }
  if (old_tz)
    ::setenv("TZ", saved.c_str(), 1);
  else
    ::unsetenv("TZ");
  CHECK_FALSE(backup.empty());  // an existing ledger is copied before the migration
  for (const std::string& p : {path, path + "-wal", path + "-shm", backup})
    std::filesystem::remove(p);
}
