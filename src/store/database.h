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
/// busy_timeout and synchronous=FULL. Throws std::runtime_error with a message that
/// names the fix when the file is not a Tally ledger or cannot be opened.
std::unique_ptr<SQLite::Database> open_database(const std::string& path);

/// True when the database was just created (no tables yet).
bool is_empty_database(SQLite::Database& db);

}  // namespace tally::store
