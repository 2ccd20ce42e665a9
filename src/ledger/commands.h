#pragma once
// `tally draft list` and `tally draft post <id>`: what the Extrack web app's
// automation inbox does, from the command line (domain.md §1 "Drafts → posting").
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::ledger
