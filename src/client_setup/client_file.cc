#include "client_setup/client_file.h"

#include <cstdlib>

namespace tally::client_setup {

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}
}  // namespace

std::optional<Client> parse_client(const std::string& name) {
  if (name == "claude") return Client::claude;
  if (name == "cursor") return Client::cursor;
  return std::nullopt;
}

std::string display_name(Client client) { return client == Client::claude ? "Claude Desktop" : "Cursor"; }

std::string config_path(Client client) {
  const std::string home = env_or("HOME", ".");
  if (client == Client::cursor) return home + "/.cursor/mcp.json";
#ifdef __APPLE__
  return home + "/Library/Application Support/Claude/claude_desktop_config.json";
#else
  return env_or("XDG_CONFIG_HOME", home + "/.config") + "/Claude/claude_desktop_config.json";
#endif
}

}  // namespace tally::client_setup
