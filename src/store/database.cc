#include "store/database.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <sqlite3.h>

namespace tally::store {

std::string default_database_path() {
  if (const char* db = std::getenv("TALLY_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/tally/ledger.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/tally/ledger.db";
}

bool is_empty_database(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
}

std::unique_ptr<SQLite::Database> open_database(const std::string& path) {
  namespace fs = std::filesystem;
  if (path != ":memory:") {
    fs::path parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec)
      throw std::runtime_error("cannot create the folder " + parent.string() + " for the ledger: " +
                               ec.message());
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA journal_mode=WAL");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB)
      throw std::runtime_error(path + " is not a SQLite database, so it cannot be a Tally ledger. "
                               "Point --db (or TALLY_DB) at a ledger, or at a new file name to "
                               "start one.");
    throw std::runtime_error("cannot open the ledger " + path + ": " + e.what());
  }
  db->exec("PRAGMA foreign_keys=ON");
  db->exec("PRAGMA busy_timeout=5000");
  db->exec("PRAGMA synchronous=FULL");
  if (!is_empty_database(*db) && !db->tableExists("schema_migrations"))
    throw std::runtime_error(path + " is a SQLite database but not a Tally ledger (it has no "
                             "schema_migrations table). Point --db at a ledger, or at a new file "
                             "name to start one.");
  return db;
}

}  // namespace tally::store
