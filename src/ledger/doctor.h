#pragma once
// `tally doctor` for the ledger: every invariant SQLite cannot enforce by
// itself, checked across the whole file (all workspaces), plus SQLite's own
// integrity and foreign-key checks.
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

/// Each violation as one sentence; empty when the ledger is sound.
std::vector<std::string> check_ledger(store::Store& st);

}  // namespace tally::ledger
