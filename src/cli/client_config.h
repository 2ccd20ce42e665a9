#pragma once
// The config entry MCP clients need to start this binary.
#include <string>

#include "client_setup/config_merge.h"

namespace tally::cli {

/// {"command": "/abs/tally", "args": ["serve", "--db", "/abs/ledger.db"]}
client_setup::Json server_entry(const std::string& db_path);

/// What `tally serve` prints on a terminal before serving: how to connect
/// Claude Desktop and Cursor, with the exact JSON.
std::string connection_help(const std::string& db_path);

}  // namespace tally::cli
