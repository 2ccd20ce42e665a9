#pragma once
// `tally rewards …`: the CLI side of the hosted web app (billing, catalog,
// adding cards, perks and offers). Each command runs the matching tool
// in-process, so the CLI and MCP share validation, messages and transactions.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::rewards {

void add_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::rewards
