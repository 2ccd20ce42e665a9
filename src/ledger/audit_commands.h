#pragma once
// `tally audit` and `tally undo AUDIT_ID`: the audit tools from the command
// line (issue 21 item 2), same code path and messages as over MCP.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_audit_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::ledger
