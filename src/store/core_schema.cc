#include "store/core_schema.h"

#include <SQLiteCpp/Statement.h>

#include "store/currency.h"
#include "store/timezone.h"

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
      // Issue 16: a time zone per workspace (existing ones get this machine's,
      // which is what their "today" meant until now), API keys stored only as
      // SHA-256, and OAuth claim values mapped to workspaces.
      {"core", 2,
       R"sql(
ALTER TABLE workspace ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC'
  CHECK (length(timezone) BETWEEN 1 AND 64);
CREATE TABLE api_key (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  brand TEXT,
  read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
  toolsets TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE TABLE oauth_mapping (
  value TEXT PRIMARY KEY CHECK (length(value) BETWEEN 1 AND 256),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  brand TEXT,
  read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
)sql",
       [](SQLite::Database& db) {
         SQLite::Statement set(db, "UPDATE workspace SET timezone = ?");
         set.bind(1, system_timezone());
         set.exec();
       }},
  };
}

std::int64_t ensure_workspace(SQLite::Database& db, const std::string& name, const std::string& now_iso) {
  SQLite::Statement find(db, "SELECT id FROM workspace WHERE name = ?");
  find.bind(1, name);
  if (find.executeStep()) return find.getColumn(0).getInt64();
  return create_workspace(db, name, system_timezone(), now_iso);
}

std::int64_t create_workspace(SQLite::Database& db, const std::string& name,
                              const std::string& timezone, const std::string& now_iso) {
  SQLite::Statement insert(db,
                           "INSERT INTO workspace (name, created_at, timezone) VALUES (?, ?, ?)");
  insert.bind(1, name);
  insert.bind(2, now_iso);
  insert.bind(3, timezone);
  insert.exec();
  return db.getLastInsertRowid();
}

}  // namespace tally::store
