#include "cli/client_config.h"

#include <filesystem>
#include <system_error>

namespace tally::cli {

std::string self_path() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tally") : p.string();
}

nlohmann::json server_entry(const std::string& db_path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(db_path, ec);
  return {{"command", self_path()},
          {"args", {"serve", "--db", ec ? db_path : absolute.lexically_normal().string()}}};
}

std::string connection_help(const std::string& db_path) {
  nlohmann::json config{{"mcpServers", {{"tally", server_entry(db_path)}}}};
  std::string snippet = config.dump(2);
  return "Tally is serving MCP over stdin/stdout on the ledger " + db_path +
         ".\n"
         "Assistants start Tally themselves; add this entry to their config:\n\n"
         "Claude Desktop: ~/.config/Claude/claude_desktop_config.json\n"
         "  (macOS: ~/Library/Application Support/Claude/claude_desktop_config.json)\n"
         "Cursor: ~/.cursor/mcp.json (or .cursor/mcp.json in a project)\n\n" +
         snippet +
         "\n\nThis terminal is now the MCP client: type one JSON-RPC message per line, or press "
         "Ctrl-D to stop.\n";
}

}  // namespace tally::cli
