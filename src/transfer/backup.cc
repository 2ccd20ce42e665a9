#include "transfer/backup.h"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "ledger/attachment_content.h"
#include "ledger/attachment_files.h"
#include "ledger/attachments.h"
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

/// Copies each file the ledger at `links` links from beside `from` to beside `to`
/// (`<path>.attachments/`), checking each against its hash. A file that is
/// missing or changed is not copied; a line says which.
void copy_attachments(const std::string& links, const std::string& from, const std::string& to,
                      std::vector<std::string>& warnings) {
  std::vector<std::pair<std::string, std::int64_t>> stored;
  {
    SQLite::Database db(links, SQLite::OPEN_READONLY);
    stored = ledger::all_stored(db);
  }
  const std::string source = ledger::attachments_folder(from), target = ledger::attachments_folder(to);
  for (const auto& [sha, size] : stored) {
    std::string bytes;
    try {
      bytes = ledger::read_attachment_file(source, sha);
    } catch (const std::exception&) {
      warnings.push_back("attachment " + sha + " is missing from " + source + "; not copied");
      continue;
    }
    if (ledger::sha256_hex(bytes) != sha) {
      warnings.push_back("attachment " + sha + " in " + source + " no longer matches its SHA-256; not copied");
      continue;
    }
    // A file already there under this name is kept only when it still holds these bytes.
    const std::string there = ledger::attachment_file_path(target, sha);
    if (fs::exists(there)) {
      std::string current;
      try {
        current = ledger::read_attachment_file(target, sha);
      } catch (const std::exception&) {
      }
      if (current == bytes) continue;
      fs::remove(there);
    }
    ledger::store_attachment_file(target, sha, bytes);
  }
}

}  // namespace

std::string file_stamp(const store::Clock& clock) {
  std::string stamp;
  for (char c : clock.now_iso().substr(0, 19))
    if (c != '-' && c != ':') stamp += c;
  return stamp + "Z";
}

std::vector<std::string> backup_ledger(const std::string& ledger_path, const std::string& target, bool force) {
  std::vector<std::string> warnings;
  if (!fs::exists(ledger_path)) throw std::runtime_error("no ledger at " + ledger_path + " (--db or TALLY_DB names it)");
  if (fs::exists(target) && !force) throw std::runtime_error(target + " already exists; pass --force to replace it");
  if (fs::exists(target) && fs::equivalent(target, ledger_path)) throw std::runtime_error("the backup would overwrite the ledger itself");
  auto db = store::open_database(ledger_path);
  std::string temp = temp_beside(target, "backup");
  try {
    SQLite::Statement q(*db, "VACUUM INTO ?");
    q.bind(1, temp);
    q.exec();
    // The files the snapshot links, copied before the snapshot takes its name, so
    // a backup under `target` never links a file its folder lacks.
    copy_attachments(temp, ledger_path, target, warnings);
    fs::rename(temp, target);  // atomic: a reader of `target` sees the old file or the whole new one
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  return warnings;
}

std::string restore_ledger(const std::string& ledger_path, const std::string& source, const std::string& stamp,
                           std::vector<std::string>* warnings) {
  check_tally_ledger(source);
  if (fs::exists(ledger_path) && fs::equivalent(ledger_path, source))
    throw std::runtime_error("the backup is the ledger itself");
  std::vector<std::string> missing;
  copy_attachments(source, source, ledger_path, missing);
  if (warnings != nullptr) *warnings = std::move(missing);
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
