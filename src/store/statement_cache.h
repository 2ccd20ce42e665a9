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
  explicit Prepared(SQLite::Statement& q) : q_(&q) {}
  ~Prepared() { q_->tryReset(); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  template <class... A>
  void bind(A&&... a) { q_->bind(std::forward<A>(a)...); }
  bool executeStep() { return q_->executeStep(); }
  int exec() { return q_->exec(); }
  SQLite::Column getColumn(int i) { return q_->getColumn(i); }
  void reset() { q_->reset(); }
  SQLite::Statement* operator->() { return q_; }

 private:
  SQLite::Statement* q_;
};

class StatementCache {
 public:
  /// The statement for `sql`, with no bindings. Not re-entrant: a statement
  /// must be finished with before the same SQL is asked for again.
  Prepared get(SQLite::Database& db, const std::string& sql);

 private:
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace tally::store
