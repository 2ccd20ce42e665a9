// Migrations are applied by what schema_migrations records, not by the highest
// version: one numbered below an applied one (two branches merged in another
// order than they were numbered) is applied too, once.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include "store/migrations.h"

using tally::store::migrate;
using tally::store::Migration;

TEST_CASE("a migration numbered below an applied one is still applied, once") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  std::vector<Migration> first = {{"m", 1, "CREATE TABLE a (x)"}, {"m", 3, "CREATE TABLE c (x)"}};
  CHECK(migrate(db, ":memory:", first, "20260101T000000Z").applied == 2);
  std::vector<Migration> merged = {{"m", 1, "CREATE TABLE a (x)"},
                                   {"m", 2, "CREATE TABLE b (x)"},
                                   {"m", 3, "CREATE TABLE c (x)"}};
  CHECK(migrate(db, ":memory:", merged, "20260102T000000Z").applied == 1);
  CHECK(db.tableExists("b"));
  CHECK(migrate(db, ":memory:", merged, "20260103T000000Z").applied == 0);
}
