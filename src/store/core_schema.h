#pragma once
// The core tables every toolset builds on: workspaces (with their time zone),
// currencies, and the credentials that pick a workspace (API keys, OAuth mappings).
#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "store/migrations.h"

namespace tally::store {

std::vector<Migration> core_migrations();

/// The id of workspace `name`, created on first use (in the system's time zone).
std::int64_t ensure_workspace(SQLite::Database& db, const std::string& name, const std::string& now_iso);

/// Inserts workspace `name` in IANA zone `timezone` (checked by the caller) and returns its id.
std::int64_t create_workspace(SQLite::Database& db, const std::string& name,
                              const std::string& timezone, const std::string& now_iso);

}  // namespace tally::store
