#pragma once
// What the open transactions on a connection have changed, table by table, and
// what their writers said about it (notes): the raw material of the ledger's
// audit rows (ledger/audit.h). Every store::Transaction opens a frame; a
// committed savepoint's frame joins its parent's, a rolled-back one is dropped
// with its writes, so a frame describes exactly what its transaction keeps.
//
// Rows are counted by SQLite's pre-update hook, so nothing that writes through
// a store::Transaction can be missed, WITHOUT ROWID tables included. Frames are
// per thread: a transaction begins, writes and ends on one thread.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace tally::store::journal {

struct TableChanges {
  std::string table;
  std::int64_t inserted = 0, updated = 0, deleted = 0;
};

struct Frame {
  sqlite3* db = nullptr;
  std::vector<TableChanges> changes;
  nlohmann::json notes = nlohmann::json::array();
  /// Set when an audit row has taken this frame's changes (ledger/audit.h), so
  /// a group transaction around it does not count them twice.
  bool recorded = false;
};

/// Called by store::Transaction as it begins, commits and rolls back on `db`.
void begin(sqlite3* db);
void commit(sqlite3* db);
void rollback(sqlite3* db);

/// How many frames this thread has open (any connection), and one of them by index:
/// a writer keeps the index of its own transaction's frame.
std::size_t depth();
Frame& frame_at(std::size_t index);

/// Adds `note` to the innermost open frame on `db`; without one it is dropped
/// (a write outside any transaction has no audit row to join).
void note(sqlite3* db, nlohmann::json note);

}  // namespace tally::store::journal
