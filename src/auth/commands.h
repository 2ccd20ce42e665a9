#pragma once
// `tally keys create|list|revoke`, `tally oauth map|list|unmap`, and the
// `--timezone` flag of `tally init`.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::auth {

/// Adds the commands under `root`; main runs them through env.set_action.
/// `root` must already have its `init` subcommand (it gets --timezone).
void add_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::auth
