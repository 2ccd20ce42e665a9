#pragma once
// `tally report …`: the command-line twin of every report, budget, search and
// tag tool (issue 19). Each subcommand builds the tool's arguments from its
// flags and runs the tool in-process, printing the same JSON an MCP client gets.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_report_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::ledger
