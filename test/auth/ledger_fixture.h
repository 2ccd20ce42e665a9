#pragma once
// A real ledger file in the temp folder, migrated by the real core migrations.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include <SQLiteCpp/Database.h>

#include "store/clock.h"
#include "store/core_schema.h"
#include "store/database.h"
#include "store/ids.h"
#include "store/migrations.h"

namespace tally::auth::testing {

struct TempLedger {
  std::filesystem::path path;
  std::unique_ptr<SQLite::Database> db;
  store::FixedClock clock{1767225600000};  // 2026-01-01T00:00:00Z
  store::IdSource ids{clock, 7, true};

  TempLedger() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("tally-auth-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
    db = store::open_database(path.string());
    store::migrate(*db, path.string(), store::core_migrations(), "20260101T000000Z");
  }
  ~TempLedger() {
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  /// A second connection to the same file (another process's view).
  std::unique_ptr<SQLite::Database> other() { return store::open_database(path.string()); }
};

}  // namespace tally::auth::testing
