#pragma once
// The MCP clients `config` knows, and where each keeps its server list on this
// machine. Both use the same shape: {"mcpServers": {NAME: {command, args, env}}}.
#include <optional>
#include <string>

namespace tally::client_setup {

enum class Client { claude, cursor };

/// "claude" or "cursor"; nullopt for anything else.
std::optional<Client> parse_client(const std::string& name);

/// "Claude Desktop" or "Cursor".
std::string display_name(Client client);

/// Claude Desktop: $XDG_CONFIG_HOME/Claude/claude_desktop_config.json on Linux
/// (~/.config when unset), ~/Library/Application Support/Claude/… on macOS.
/// Cursor: ~/.cursor/mcp.json (user-wide, every OS).
std::string config_path(Client client);

}  // namespace tally::client_setup
