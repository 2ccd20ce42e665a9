#pragma once
// `tally import`, `tally export`, `tally backup` and `tally restore`: getting
// data into the ledger and out of it again (README "Getting data in and out").
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::transfer {

void add_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::transfer
