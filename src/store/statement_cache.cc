#include "store/statement_cache.h"

namespace tally::store {

Prepared StatementCache::get(SQLite::Database& db, const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end())
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
  it->second->clearBindings();
  return Prepared(*it->second);
}

}  // namespace tally::store
