#pragma once
// `tally config CLIENT` and `tally-bridge config CLIENT URL …`: print the
// server entry a client needs, or merge it into the client's config file.
#include <string>

#include "client_setup/config_merge.h"

namespace tally::client_setup {

struct ConfigRequest {
  std::string program;  ///< "tally" or "tally-bridge", for messages
  std::string client;   ///< "claude" or "cursor", as typed
  std::string name;     ///< the key under mcpServers
  Json entry;           ///< {"command": …, "args": [...]}
  std::string file;     ///< config file; "" = the client's usual one
  bool write = false;
  bool force = false;
};

/// Without `write`: the JSON to paste goes to stdout and where to paste it to
/// stderr (so `> file` captures only JSON). With `write`: merges it into the
/// file and says what changed. Returns the exit status (2 on an error, with a
/// message naming the fix on stderr).
int run_config(const ConfigRequest& request);

}  // namespace tally::client_setup
