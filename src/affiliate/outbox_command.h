#pragma once
// `tally affiliate outbox [--failed] [--retry ID]`: the brand's outbound postbacks,
// and sending one again now.
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::affiliate {

void add_outbox_command(CLI::App& parent, app::CommandEnv& env);

}  // namespace tally::affiliate
