#include "store/statement_cache.h"

namespace tally::store {

Prepared StatementCache::get(SQLite::Database& db, const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end())
    it = statements_.emplace(sql, Entry{std::make_unique<SQLite::Statement>(db, sql)}).first;
  Entry& e = it->second;
  if (e.busy) return Prepared(std::make_unique<SQLite::Statement>(db, sql));
  e.statement->clearBindings();
  return Prepared(*e.statement, e.busy);
}

}  // namespace tally::store
