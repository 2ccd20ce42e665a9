#pragma once
// What every toolset's SQL works against: one connection, the active
// workspace, and the injectable clock and id source. Every statement a toolset
// runs is scoped to `workspace_id`.
#include <cstdint>
#include <string>

#include <SQLiteCpp/Database.h>

#include "store/clock.h"
#include "store/ids.h"

namespace tally::store {

struct Store {
  SQLite::Database& db;
  const Clock& clock;
  IdSource& ids;
  std::int64_t workspace_id;
  std::string workspace;
  std::string brand = {};  ///< --brand: the affiliate brand slug, "" = the only one (resolved per call)
};

}  // namespace tally::store
