#include "cli/client_config.h"

#include <filesystem>
#include <system_error>

#include "client_setup/client_file.h"
#include "client_setup/self_path.h"

namespace tally::cli {

client_setup::Json server_entry(const std::string& db_path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(db_path, ec);
  return {{"command", client_setup::self_path("tally")},
          {"args", {"serve", "--db", ec ? db_path : absolute.lexically_normal().string()}}};
}

std::string connection_help(const std::string& db_path) {
  using client_setup::Client;
  client_setup::Json config{{"mcpServers", {{"tally", server_entry(db_path)}}}};
  return "Tally is serving MCP over stdin/stdout on the ledger " + db_path +
         ".\n"
         "Assistants start Tally themselves. `tally config claude --write` (or cursor) adds it to\n"
         "their config; or add this entry yourself:\n\n"
         "Claude Desktop: " + client_setup::config_path(Client::claude) + "\n"
         "Cursor: " + client_setup::config_path(Client::cursor) + " (or .cursor/mcp.json in a project)\n\n" +
         config.dump(2) +
         "\n\nThis terminal is now the MCP client: type one JSON-RPC message per line, or press "
         "Ctrl-D to stop.\n";
}

}  // namespace tally::cli
