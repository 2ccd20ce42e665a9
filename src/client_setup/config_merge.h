#pragma once
// Merging one server entry into an MCP client's config file without losing
// anything else in it: other servers, other settings, key order. The file is
// replaced atomically (temp file + rename) and the old one kept as FILE.bak;
// a file that is not valid JSON is never rewritten.
#include <string>

#include <nlohmann/json.hpp>

namespace tally::client_setup {

using Json = nlohmann::ordered_json;  // keeps the user's key order

enum class MergeOutcome { added, unchanged, replaced };

/// Puts `entry` at config["mcpServers"][name]. Throws std::runtime_error (a
/// message naming the fix) when config or its mcpServers is not an object, or
/// when a different entry has that name and `force` is false.
MergeOutcome merge_entry(Json& config, const std::string& name, const Json& entry, bool force,
                         const std::string& path);

struct WriteResult {
  MergeOutcome outcome;
  std::string backup_path;  ///< empty when there was no file before, or nothing was written
};

/// Reads `path` (a missing or empty file counts as {}), merges, and when
/// something changed writes it back atomically, keeping the old file as
/// path.bak. Follows a symlink to its target. Throws std::runtime_error.
WriteResult write_entry(const std::string& path, const std::string& name, const Json& entry, bool force);

}  // namespace tally::client_setup
