// `tally config claude|cursor`: the client entry for this binary and ledger.
#include "cli/client_config.h"
#include "cli/commands.h"
#include "client_setup/config_command.h"

namespace tally::cli {

int configure_client(const app::RuntimeOptions& options, const ClientConfigOptions& config) {
  client_setup::Json entry = server_entry(options.db_path);
  // Only what differs from serve's defaults, so the entry stays short.
  auto& args = entry["args"];
  auto add = [&args](const char* flag, const std::string& value) {
    if (value.empty()) return;
    args.push_back(flag);
    args.push_back(value);
  };
  if (options.workspace != app::RuntimeOptions{}.workspace) add("--workspace", options.workspace);
  add("--toolsets", options.toolsets);
  add("--brand", options.brand);
  if (options.read_only) args.push_back("--read-only");
  return client_setup::run_config({.program = "tally",
                                   .client = config.client,
                                   .name = config.name,
                                   .entry = entry,
                                   .file = config.file,
                                   .write = config.write,
                                   .force = config.force});
}

}  // namespace tally::cli
