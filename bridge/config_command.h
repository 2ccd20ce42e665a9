#pragma once
// `tally-bridge config claude|cursor URL [bridge flags] [--write] [--force]
// [--name NAME] [--file FILE]`: the client entry that starts this bridge with
// those flags, printed or merged into the client's config (src/client_setup,
// the same code as `tally config`).
#include <functional>

namespace CLI {
class App;
}

namespace tally::bridge {

/// argv[1] is "config". `extra_options` adds the sign-in flags, so the entry's
/// flags are checked by the same parser the bridge runs with. Returns the exit status.
int run_config_command(int argc, char** argv, const std::function<void(CLI::App&)>& extra_options);

}  // namespace tally::bridge
