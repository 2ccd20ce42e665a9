#include "client_setup/config_command.h"

#include <cstdio>
#include <stdexcept>

#include "client_setup/client_file.h"

namespace tally::client_setup {

int run_config(const ConfigRequest& request) {
  auto client = parse_client(request.client);
  if (!client) {
    std::fprintf(stderr, "%s config: unknown client '%s' (choose claude or cursor)\n", request.program.c_str(),
                 request.client.c_str());
    return 2;
  }
  const std::string path = request.file.empty() ? config_path(*client) : request.file;
  const std::string client_name = display_name(*client);
  if (!request.write) {
    Json snippet = {{"mcpServers", {{request.name, request.entry}}}};
    std::fprintf(stderr, "%s reads %s. Merge this into it, or run again with --write to do that:\n",
                 client_name.c_str(), path.c_str());
    std::printf("%s\n", snippet.dump(2).c_str());
    return 0;
  }
  try {
    WriteResult r = write_entry(path, request.name, request.entry, request.force);
    if (r.outcome == MergeOutcome::unchanged) {
      std::printf("%s already has this \"%s\" server; nothing changed.\n", path.c_str(), request.name.c_str());
      return 0;
    }
    std::printf("%s \"%s\" in %s%s. Restart %s to load it.\n",
                r.outcome == MergeOutcome::added ? "Added" : "Replaced", request.name.c_str(), path.c_str(),
                r.backup_path.empty() ? "" : (" (the previous file is " + r.backup_path + ")").c_str(),
                client_name.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s config: %s\n", request.program.c_str(), e.what());
    return 2;
  }
}

}  // namespace tally::client_setup
