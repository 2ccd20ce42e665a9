#include "store/database.h"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <sqlite3.h>

#include "store/sqlite_error.h"

namespace tally::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPointAtLedger =
    "Point --db (or TALLY_DB) at your ledger, or start a new one: tally init --db NEW.db";

void check_path(const std::string& path) {
  if (path.empty())
    throw std::runtime_error(
        "--db is empty: name the ledger file, e.g. --db ~/books.db (or leave --db out to use " +
        default_database_path() + ")");
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    throw std::runtime_error(
        path +
        " is not a regular file (a folder, a pipe or a device), so it cannot be a "
        "ledger. " +
        kPointAtLedger);
}

/// A file SQLite cannot read as a database (SQLITE_NOTADB), refused unchanged.
std::runtime_error not_a_database(const std::string& path) {
  return std::runtime_error(path +
                            " is not a SQLite database, so it cannot be a Tally ledger; it was "
                            "left unchanged. " +
                            kPointAtLedger);
}

/// Throws when the open file is not empty and not a Tally ledger. Only reads.
void check_is_ledger(SQLite::Database& db, const std::string& path) {
  if (!is_empty_database(db) && !db.tableExists("schema_migrations"))
    throw std::runtime_error(path +
                             " is a SQLite database but not a Tally ledger (it has no "
                             "schema_migrations table); it was left unchanged. " +
                             kPointAtLedger);
}

// A file: URI for SQLite: the characters a URI gives a meaning to, escaped.
std::string file_uri(const std::string& path, const char* query) {
  std::string out = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?" + query;
}

// A ledger the user may read but not write (a read-only file, folder or file
// system): opened read-only, so reads answer and every write is refused with
// SQLITE_READONLY ("the ledger cannot be written …"). WAL mode reads through
// the -shm index beside the file: SQLite makes one where the folder allows it;
// in a read-only folder without one, only a ledger whose WAL is empty (it was
// closed cleanly) can be read, as an immutable file.
// Process-wide SQLite settings, made before SQLite's first use (later calls to
// sqlite3_config fail and change nothing).
void configure_sqlite() {
  // Statement journals in memory up to 8 MiB (SQLite's default spills past 64 KiB
  // to a temporary file): a posting's insert with the rollup triggers journals
  // more than that, and an import wrote ~90 pages a row to /var/tmp. Only
  // possible before SQLite's first use in the process; later it stays as it is.
  static const int stmt_journal = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 8 << 20);
  (void)stmt_journal;
  // No memory statistics: with them every SQLite allocation takes a global mutex
  // (nothing here reads sqlite3_memory_used).
  static const int no_memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memstatus;
}

std::unique_ptr<SQLite::Database> open_read_only(const std::string& path, const std::string& folder) {
  std::error_code ec;
  const bool shm = fs::exists(path + "-shm", ec);
  const auto wal_size = fs::file_size(path + "-wal", ec);
  const bool wal_has_changes = !ec && wal_size > 0;
  const bool folder_writable = ::access(folder.c_str(), W_OK) == 0;
  if (!folder_writable && !shm && wal_has_changes)
    throw std::runtime_error(
        "the ledger " + path + " is in a folder you cannot write to (" + folder +
        "), and its journal (" + path +
        "-wal) holds changes that only a writable folder lets SQLite read. Make the folder "
        "writable, or copy the ledger with its -wal file to a folder you own and point --db at "
        "the copy.");
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(
        file_uri(path, !folder_writable && !shm ? "immutable=1" : "mode=ro"),
        SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLITE_OPEN_NOMUTEX);  // as open_database says
    db->exec("PRAGMA busy_timeout=5000");
    check_is_ledger(*db, path);
    db->exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_NOTADB)
      throw not_a_database(path);
    throw std::runtime_error("cannot open the ledger " + path + " (read-only for you): " +
                             describe_sqlite_error(e));
  }
  return db;
}

}  // namespace

bool is_read_only(SQLite::Database& db) { return sqlite3_db_readonly(db.getHandle(), "main") == 1; }

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

void require_existing_ledger(const std::string& path) {
  check_path(path);
  std::error_code ec;
  if (path != ":memory:" && !fs::exists(path, ec))
    throw std::runtime_error(
        "no ledger at " + path + " (nothing was created). Check the path given with --db " +
        "(or TALLY_DB), or create a ledger there first: tally init --db " + path);
}

std::unique_ptr<SQLite::Database> open_database(const std::string& path) {
  check_path(path);
  configure_sqlite();
  if (path != ":memory:") {
    fs::path parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec)
      throw std::runtime_error(
          "cannot create the folder " + parent.string() + " for the ledger " + path + ": " +
          ec.message() + ". Point --db (or TALLY_DB) at a file in a folder you can write to.");
    std::string folder = parent.empty() ? "." : parent.string();
    if (fs::exists(path, ec) && (::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0))
      return open_read_only(path, folder);
    if (::access(folder.c_str(), W_OK) != 0)
      throw std::runtime_error(
          "cannot write in the folder " + folder + ", where the ledger " + path +
          " keeps its journal files (-wal, -shm). Make the folder writable, or point --db "
          "at a file in a folder you own.");
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    // NOMUTEX: a ledger connection is used by one thread at a time (the main
    // thread before and after serving; the tool worker or the HTTP writer in
    // between, handed over through their queues), so SQLite's per-call
    // connection mutex only cost: ~1,100 lock/unlock pairs per 50-row
    // list_transactions, 9% of its instructions (callgrind).
    db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open the ledger " + path + ": " + describe_sqlite_error(e));
  }
  // First the check that the file is a ledger (it only reads), then the settings, and
  // WAL mode last: it rewrites the header, so a file that is not a ledger must be
  // refused before it, byte-identical.
  try {
    db->exec("PRAGMA busy_timeout=5000");
    check_is_ledger(*db, path);
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA journal_mode=WAL");
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_NOTADB)
      throw not_a_database(path);
    if (code == SQLITE_CORRUPT)
      throw std::runtime_error(
          path +
          " is damaged (SQLite cannot read its table list); it was left unchanged. "
          "Put back a backup with `tally restore`, or point --db at another ledger.");
    throw std::runtime_error("cannot open the ledger " + path + ": " + describe_sqlite_error(e));
  }
  return db;
}

bool ledger_file_moved(SQLite::Database& db) {
  int moved = 0;
  if (sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) return false;
  return moved != 0;
}

}  // namespace tally::store
