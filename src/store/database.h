#pragma once
// Opening the ledger file: where it lives, the pragmas every connection gets,
// and the check that an existing file is a Tally ledger.
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

namespace tally::store {

/// $TALLY_DB, else $XDG_DATA_HOME/tally/ledger.db, else ~/.local/share/tally/ledger.db.
std::string default_database_path();

/// Opens (creating if needed, with parent folders) and applies WAL, foreign_keys=ON,
/// busy_timeout and synchronous=FULL. An existing file is checked to be a Tally ledger
/// before anything is written to it (WAL mode changes the header), so a refused file is
/// byte-identical. A ledger the user can read but not write opens read-only
/// (is_read_only): reads answer, writes are refused. Throws std::runtime_error with a message that names the fix when the
/// path is empty, the file is not a Tally ledger, or it cannot be opened.
std::unique_ptr<SQLite::Database> open_database(const std::string& path);

/// True when the connection cannot write: open_database opened a ledger the user
/// may read but not write (a read-only file, folder or file system) read-only.
bool is_read_only(SQLite::Database& db);

/// For commands that read or copy a ledger (doctor, export, backup): throws
/// std::runtime_error "no ledger at PATH …" when there is none, so a mistyped
/// path never creates an empty ledger and its folders.
void require_existing_ledger(const std::string& path);

/// True when the file the connection opened was since deleted, renamed or replaced
/// (SQLITE_FCNTL_HAS_MOVED: one stat of the path). Writes to it would vanish at exit.
bool ledger_file_moved(SQLite::Database& db);

/// True when the database was just created (no tables yet).
bool is_empty_database(SQLite::Database& db);

}  // namespace tally::store
