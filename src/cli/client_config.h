#pragma once
// The config entries MCP clients need to start this binary.
#include <string>

#include <nlohmann/json.hpp>

namespace tally::cli {

/// The absolute path of the running executable.
std::string self_path();

/// {"command": "/abs/tally", "args": ["serve", "--db", "/abs/ledger.db"]}
nlohmann::json server_entry(const std::string& db_path);

/// What `tally serve` prints on a terminal before serving: how to connect
/// Claude Desktop and Cursor, with the exact JSON.
std::string connection_help(const std::string& db_path);

}  // namespace tally::cli
