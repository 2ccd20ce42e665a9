#pragma once
// Finding and creating workspaces for credentials. `tally keys create`,
// `tally oauth map` and `tally init` are the only creators (issue 16): a request
// never creates one.
#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

namespace tally::auth {

struct Workspace {
  std::int64_t id = 0;
  std::string name;
  std::string timezone;  ///< IANA name
  bool created = false;  ///< by this call
};

std::optional<Workspace> find_workspace(SQLite::Database& db, const std::string& name);

/// Workspace `name`, created in `timezone` (or the system's when "") if missing.
/// Throws std::invalid_argument with a sentence for the user on a bad name or
/// zone, or when `timezone` is given and differs from an existing workspace's.
Workspace open_or_create_workspace(SQLite::Database& db, const std::string& name,
                                   const std::string& timezone, const std::string& now_iso);

/// Sets the zone of an existing workspace (`tally init --timezone`). Throws
/// std::invalid_argument on an unknown zone.
void set_workspace_timezone(SQLite::Database& db, std::int64_t workspace_id,
                            const std::string& timezone);

/// 1-40 of a-z, 0-9 and '-' (the affiliate brand slug rule).
bool is_brand_slug(const std::string& slug);

}  // namespace tally::auth
