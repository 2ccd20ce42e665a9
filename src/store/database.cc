#include "store/database.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

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
      throw std::runtime_error("cannot create the folder " + parent.string() + " for the ledger " + path + ": " +
                               ec.message() + ". Point --db (or TALLY_DB) at a file in a folder you can write to.");
    // SQLite opens an unwritable file read-only without saying so, and then fails on
    // the first write with "attempt to write a readonly database": say what to fix.
    if (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0)
      throw std::runtime_error("the ledger " + path + " is read-only for you, and Tally writes to it even to "
                               "read (journal, migrations). Make it writable (chmod u+w " + path +
                               ") or copy it to a folder you own and point --db at the copy.");
    std::string folder = parent.empty() ? "." : parent.string();
    if (::access(folder.c_str(), W_OK) != 0)
      throw std::runtime_error("cannot write in the folder " + folder + ", where the ledger " + path +
                               " keeps its journal files (-wal, -shm). Make the folder writable, or point --db "
                               "at a file in a folder you own.");
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA journal_mode=WAL");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB)
      throw std::runtime_error(path + " is not a SQLite database, so it cannot be a Tally ledger; it was "
                               "left unchanged. Point --db (or TALLY_DB) at your ledger, or start a new "
                               "one: tally init --db NEW.db");
    throw std::runtime_error("cannot open the ledger " + path + ": " + e.what());
  }
  db->exec("PRAGMA foreign_keys=ON");
  db->exec("PRAGMA busy_timeout=5000");
  db->exec("PRAGMA synchronous=FULL");
  if (!is_empty_database(*db) && !db->tableExists("schema_migrations"))
    throw std::runtime_error(path + " is a SQLite database but not a Tally ledger (it has no "
                             "schema_migrations table); it was left unchanged. Point --db (or TALLY_DB) "
                             "at your ledger, or start a new one: tally init --db NEW.db");
  return db;
}

}  // namespace tally::store
