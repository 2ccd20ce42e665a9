#include "store/transaction.h"

#include <sqlite3.h>

#include "store/write_journal.h"

namespace tally::store {

namespace {
constexpr const char* kSavepoint = "tally_write";
}

Transaction::Transaction(SQLite::Database& db, Kind kind)
    : db_(db), nested_(sqlite3_get_autocommit(db.getHandle()) == 0) {
  if (nested_)
    db_.exec(std::string("SAVEPOINT ") + kSavepoint);
  else
    db_.exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  journal::begin(db_.getHandle());
}

Transaction::~Transaction() {
  if (done_) return;
  journal::rollback(db_.getHandle());
  // Destructors must not throw; a failed rollback leaves SQLite's own
  // automatic rollback (the connection is still in a transaction that the
  // caller's scope will end).
  if (nested_) {
    sqlite3_exec(db_.getHandle(), "ROLLBACK TO tally_write; RELEASE tally_write", nullptr, nullptr,
                 nullptr);
  } else {
    sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  db_.exec(nested_ ? std::string("RELEASE ") + kSavepoint : std::string("COMMIT"));
  done_ = true;
  journal::commit(db_.getHandle());
}

}  // namespace tally::store
