#pragma once
// `tally affiliate …`: the ingest side (brands, partners, clicks, postbacks,
// payouts) and read-outs (audit log, export with secrets redacted).
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::affiliate {

void add_commands(CLI::App& root, app::CommandEnv& env);

}  // namespace tally::affiliate
