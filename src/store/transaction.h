#pragma once
// One write is one SQLite transaction, even when the caller already holds one.
// Inside an open transaction (an import file, a group of calls made durable by
// one commit) it becomes a SAVEPOINT, so a write can fail alone and roll back
// only itself. Used by every handler instead of SQLite::Transaction, which
// cannot nest.
#include <SQLiteCpp/Database.h>

namespace tally::store {

class Transaction {
 public:
  enum class Kind { write, read };

  /// `write` takes the write lock at once (BEGIN IMMEDIATE): a handler that
  /// reads then writes never fails halfway on a busy ledger. `read` is one
  /// consistent snapshot (BEGIN DEFERRED).
  explicit Transaction(SQLite::Database& db, Kind kind = Kind::write);
  /// Rolls back unless committed.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  /// True when this is a savepoint inside a caller's transaction.
  [[nodiscard]] bool nested() const { return nested_; }

 private:
  SQLite::Database& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace tally::store
