#include "transfer/backup.h"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "store/database.h"

namespace tally::transfer {

namespace fs = std::filesystem;

namespace {

/// A file name beside `path` that does not exist yet.
std::string temp_beside(const std::string& path, const char* what) {
  for (int n = 0;; ++n) {
    std::string candidate = path + "." + what + "-" + std::to_string(n) + ".tmp";
    if (!fs::exists(candidate)) return candidate;
  }
}

void check_tally_ledger(const std::string& path) {
  if (!fs::exists(path)) throw std::runtime_error(path + " does not exist");
  if (fs::file_size(path) == 0) throw std::runtime_error(path + " is empty (0 bytes), so it is not a Tally ledger backup");
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    if (!db.tableExists("schema_migrations"))
      throw std::runtime_error(path + " is a SQLite database but not a Tally ledger (it has no schema_migrations table)");
    std::string check = db.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") throw std::runtime_error(path + " is damaged (SQLite quick_check: " + check + ")");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB)
      throw std::runtime_error(path + " is not a SQLite database, so it cannot be a Tally ledger backup");
    throw std::runtime_error("cannot read " + path + ": " + e.what());
  }
}

}  // namespace

std::string file_stamp(const store::Clock& clock) {
  std::string stamp;
  for (char c : clock.now_iso().substr(0, 19))
    if (c != '-' && c != ':') stamp += c;
  return stamp + "Z";
}

void backup_ledger(const std::string& ledger_path, const std::string& target, bool force) {
  if (!fs::exists(ledger_path)) throw std::runtime_error("no ledger at " + ledger_path + " (--db or TALLY_DB names it)");
  if (fs::exists(target) && !force) throw std::runtime_error(target + " already exists; pass --force to replace it");
  if (fs::exists(target) && fs::equivalent(target, ledger_path)) throw std::runtime_error("the backup would overwrite the ledger itself");
  auto db = store::open_database(ledger_path);
  std::string temp = temp_beside(target, "backup");
  try {
    SQLite::Statement q(*db, "VACUUM INTO ?");
    q.bind(1, temp);
    q.exec();
    fs::rename(temp, target);  // atomic: a reader of `target` sees the old file or the whole new one
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
}

std::string restore_ledger(const std::string& ledger_path, const std::string& source, const std::string& stamp) {
  check_tally_ledger(source);
  if (fs::exists(ledger_path) && fs::equivalent(ledger_path, source))
    throw std::runtime_error("the backup is the ledger itself");
  std::string temp = temp_beside(ledger_path, "restore");
  std::string kept;
  try {
    {
      // The online backup API copies pages, so it reads a live file and its WAL
      // consistently too. (VACUUM INTO from a read-only connection fails on the
      // invoice table's stored generated column in SQLite 3.40.)
      SQLite::Database src(source, SQLite::OPEN_READONLY);
      SQLite::Database dst(temp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup copy(dst, src);
      copy.executeStep();
    }
    if (fs::exists(ledger_path)) {
      // Fold the WAL into the file and leave WAL mode: SQLite refuses while
      // another connection has the ledger open, which is our "in use" check.
      SQLite::Database current(ledger_path, SQLite::OPEN_READWRITE);
      current.exec("PRAGMA busy_timeout=2000");
      std::string mode;
      try {
        mode = current.execAndGet("PRAGMA journal_mode=DELETE").getString();
      } catch (const SQLite::Exception&) {
        mode = "busy";
      }
      if (mode != "delete")
        throw std::runtime_error("the ledger " + ledger_path + " is in use (is `tally serve` or another tally running?); "
                                 "stop it, then restore");
      kept = ledger_path + ".before-restore-" + stamp + ".db";
      fs::create_hard_link(ledger_path, kept);  // keep the old ledger without a moment with no ledger at all
    }
    fs::rename(temp, ledger_path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  return kept;
}

}  // namespace tally::transfer
