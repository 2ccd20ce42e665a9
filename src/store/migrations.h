#pragma once
// Forward-only schema migrations, per module (core and each toolset), recorded in
// schema_migrations and each applied in its own transaction. An existing ledger
// is copied with VACUUM INTO before any migration touches it.
#include <functional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace tally::store {

struct Migration {
  std::string module;   ///< "core", "ledger", "rewards", …
  int version;          ///< 1, 2, … within the module, applied in order
  std::string sql;      ///< statements to run, or empty when `apply` does the work
  std::function<void(SQLite::Database&)> apply = nullptr;
};

struct MigrationReport {
  int applied = 0;
  std::string backup_path;  ///< set when an existing ledger was backed up first
};

/// Applies every migration not recorded in schema_migrations, in the list's order
/// (also one numbered below an applied one). `path` names the file for the backup (":memory:" skips it).
/// Throws std::runtime_error naming the migration that failed; earlier ones stay applied.
/// Refuses, before writing anything, a ledger whose schema for a module is newer than
/// `migrations` knows (written by a newer Tally).
MigrationReport migrate(SQLite::Database& db, const std::string& path,
                        const std::vector<Migration>& migrations, const std::string& stamp);

}  // namespace tally::store
