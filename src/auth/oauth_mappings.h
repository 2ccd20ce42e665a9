#pragma once
// OAuth claim value → workspace (`tally oauth map`). The value is what the
// token's --workspace-claim holds: a user's `sub`, or a group name from an array
// claim such as `cognito:groups`, where exactly one value may be mapped.
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "auth/credential.h"

namespace tally::auth {

struct NewMapping {
  std::string value = {};
  std::string workspace = {};
  std::string brand = {};  ///< "" = none
  bool read_only = false;
  std::string timezone = {};  ///< for a new workspace; "" = the system's
};

struct MappingRow {
  std::string value, workspace, brand, created_at;
  bool read_only = false;
};

struct MapResult {
  bool replaced = false;  ///< the value was mapped before; now it points here
  bool workspace_created = false;
  std::string timezone;
};

/// Maps (or re-maps) spec.value, creating the workspace when missing. Throws
/// std::invalid_argument with a sentence for the user on bad input.
MapResult map_claim_value(SQLite::Database& db, const NewMapping& spec, const std::string& now_iso);

/// False when the value was not mapped.
bool unmap_claim_value(SQLite::Database& db, const std::string& value);

std::vector<MappingRow> list_mappings(SQLite::Database& db);

struct MappingMatch {
  enum class Kind { found, unmapped, ambiguous } kind = Kind::unmapped;
  Credential credential;             ///< when found; id = the matched value
  std::vector<std::string> matched;  ///< when ambiguous: every mapped value
};

/// The one mapping among `values` (a claim's string or array). Reads only.
MappingMatch find_mapping(SQLite::Database& db, const std::vector<std::string>& values);

}  // namespace tally::auth
