#pragma once
// What every toolset's SQL works against: one connection, the active
// workspace, and the injectable clock and id source. Every statement a toolset
// runs is scoped to `workspace_id`.
#include <cstdint>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

#include "store/clock.h"
#include "store/ids.h"
#include "store/statement_cache.h"

namespace tally::store {

struct Store {
  SQLite::Database& db;
  const Clock& clock;
  IdSource& ids;
  std::int64_t workspace_id;
  std::string workspace;
  std::string brand = {};  ///< --brand: the affiliate brand slug, "" = the only one (resolved per call)
  /// Shared by copies of this Store; destroyed before the connection it serves.
  std::shared_ptr<StatementCache> statements = std::make_shared<StatementCache>();

  /// A prepared statement reused across calls (see StatementCache).
  Prepared prepared(const std::string& sql) { return statements->get(db, sql); }

  /// Today's date (YYYY-MM-DD) in the workspace's time zone (`tally init --timezone`,
  /// `keys create --timezone`), so a key for Tokyo and one for London each get their
  /// own "today" from one server. Every default date and "overdue" uses it.
  std::string today();
};

}  // namespace tally::store
