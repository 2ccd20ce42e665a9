#pragma once
// `tally draft list`, `tally draft preview <id>` and `tally draft post <id>`: what the Extrack web app's
// automation inbox does, from the command line (domain.md §1 "Drafts → posting").
#include <CLI/CLI.hpp>

#include "app/toolset.h"

namespace tally::ledger {

void add_commands(CLI::App& root, app::CommandEnv& env);

/// `tally draft preview <id>`: ledger::preview printed for a person; 1 with the
/// posting rules' message when posting would fail.
int print_preview(const app::RuntimeOptions& options, const std::string& draft_id, bool allow_overpayment);

}  // namespace tally::ledger
