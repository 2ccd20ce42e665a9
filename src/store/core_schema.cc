#include "store/core_schema.h"

#include <SQLiteCpp/Statement.h>

#include "store/currency.h"

namespace tally::store {

std::vector<Migration> core_migrations() {
  return {
      {"core", 1,
       R"sql(
CREATE TABLE workspace (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE currency (
  code TEXT PRIMARY KEY CHECK (length(code) = 3),
  exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4),
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql",
       [](SQLite::Database& db) {
         SQLite::Statement insert(db, "INSERT INTO currency (code, exponent, name) VALUES (?, ?, ?)");
         for (const auto& c : all_currencies()) {
           insert.bind(1, std::string(c.code));
           insert.bind(2, c.exponent);
           insert.bind(3, std::string(c.name));
           insert.exec();
           insert.reset();
         }
       }},
  };
}

std::int64_t ensure_workspace(SQLite::Database& db, const std::string& name, const std::string& now_iso) {
  SQLite::Statement find(db, "SELECT id FROM workspace WHERE name = ?");
  find.bind(1, name);
  if (find.executeStep()) return find.getColumn(0).getInt64();
  SQLite::Statement insert(db, "INSERT INTO workspace (name, created_at) VALUES (?, ?)");
  insert.bind(1, name);
  insert.bind(2, now_iso);
  insert.exec();
  return db.getLastInsertRowid();
}

}  // namespace tally::store
