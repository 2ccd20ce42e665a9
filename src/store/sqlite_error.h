#pragma once
// One place that turns a SQLite error into words for the person or client who
// caused it: what happened, and what to do. A raw "UNIQUE constraint failed: …"
// or "database is locked" reaching a client is a bug (issue 22, item 8).
#include <exception>
#include <string>

#include <SQLiteCpp/Exception.h>

namespace tally::store {

/// What happened and what to do, e.g. "the ledger is busy: another Tally process
/// (an import, a backup or another server) is writing to it; retry when it finishes".
/// Never SQLite's own text; the extended code is named at the end for bug reports.
std::string describe_sqlite_error(const SQLite::Exception& e);

/// Why a write to a ledger opened read-only is refused, and the fix.
std::string read_only_ledger_message();

/// describe_sqlite_error for a SQLite::Exception, else e.what(): for a catch-all.
std::string describe_error(const std::exception& e);

/// True for SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock.
bool is_busy(const SQLite::Exception& e);

}  // namespace tally::store
