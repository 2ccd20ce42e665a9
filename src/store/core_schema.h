#pragma once
// The core tables every toolset builds on: workspaces and currencies.
#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "store/migrations.h"

namespace tally::store {

std::vector<Migration> core_migrations();

/// The id of workspace `name`, created on first use.
std::int64_t ensure_workspace(SQLite::Database& db, const std::string& name, const std::string& now_iso);

}  // namespace tally::store
