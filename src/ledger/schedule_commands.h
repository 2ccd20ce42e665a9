#pragma once
// `tally schedule list|create|update|delete|skip|upcoming`: the command-line
// twins of the recurring-transaction tools (issue 20), same code path and errors.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_schedule_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::ledger
