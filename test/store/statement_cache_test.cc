#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <string>

#include <sqlite3.h>
#include <unistd.h>
#include <vector>

#include "store/statement_cache.h"

using tally::store::StatementCache;

TEST_CASE("a cached statement is reused, reset after each use, and safe when nested") {
  auto path = std::filesystem::temp_directory_path() / ("tally-cache-" + std::to_string(::getpid()) + ".db");
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3)");
    StatementCache cache;
    const std::string sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
    SQLite::Statement* first = nullptr;
    {
      auto q = cache.get(db, sql);
      first = q.operator->();
      q.bind(1, 2);
      REQUIRE(q.executeStep());
      CHECK(q.getColumn(0).getInt() == 2);
    }  // left mid-iteration: reset, so no read snapshot stays open
    CHECK(sqlite3_get_autocommit(db.getHandle()) == 1);
    std::vector<int> outer_rows;
    {
      auto outer = cache.get(db, sql);
      CHECK(outer.operator->() == first);  // the same statement, prepared once
      outer.bind(1, 1);
      while (outer.executeStep()) {
        outer_rows.push_back(outer.getColumn(0).getInt());
        auto inner = cache.get(db, sql);  // the same SQL while the outer use is open
        CHECK(inner.operator->() != first);
        inner.bind(1, 3);
        REQUIRE(inner.executeStep());
        CHECK(inner.getColumn(0).getInt() == 3);
      }
    }
    CHECK(outer_rows == std::vector<int>{1, 2, 3});  // the inner uses did not disturb it
  }
  std::filesystem::remove(path);
}
