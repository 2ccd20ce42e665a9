#pragma once
// Prepared statements kept for the life of the connection. Preparing is most of
// the cost of a light call (SQLite parses and plans the SQL each time), so the
// per-call paths of the hot tools prepare once and reuse.
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace tally::store {

/// One use of a cached statement. Resets it when the use ends, so no read
/// snapshot outlives the call (another process's writes stay visible).
class Prepared {
 public:
  /// A cached statement; `busy` marks it in use until this use ends.
  Prepared(SQLite::Statement& q, bool& busy) : q_(&q), busy_(&busy) { busy = true; }
  /// A statement of its own, for SQL whose cached statement is already in use.
  explicit Prepared(std::unique_ptr<SQLite::Statement> own) : own_(std::move(own)), q_(own_.get()) {}
  ~Prepared() {
    q_->tryReset();
    if (busy_) *busy_ = false;
  }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  template <class... A>
  void bind(A&&... a) { q_->bind(std::forward<A>(a)...); }
  bool executeStep() { return q_->executeStep(); }
  int exec() { return q_->exec(); }
  SQLite::Column getColumn(int i) { return q_->getColumn(i); }
  void reset() { q_->reset(); }
  SQLite::Statement* operator->() { return q_; }
  /// Code that reads rows from a SQLite::Statement& takes a Prepared as is.
  operator SQLite::Statement&() { return *q_; }

 private:
  std::unique_ptr<SQLite::Statement> own_;
  SQLite::Statement* q_;
  bool* busy_ = nullptr;
};

class StatementCache {
 public:
  /// The statement for `sql`, with no bindings. Asked for again while a use
  /// is still open (a nested call running the same SQL), it prepares a
  /// separate statement for the inner use rather than disturb the outer one.
  Prepared get(SQLite::Database& db, const std::string& sql);

 private:
  struct Entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool busy = false;
  };
  std::unordered_map<std::string, Entry> statements_;
};

}  // namespace tally::store
