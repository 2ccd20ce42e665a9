#pragma once
// `tally attach add FILE`, `tally attach list`, `tally attach detach ID`: the
// attachment tools from the command line (issue 21 item 1).
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_attachment_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::ledger
