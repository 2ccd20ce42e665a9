#pragma once
// The ledger tools no seed has (domain.md §2 "Names of the tools the seeds do
// not have"): accounts, persons, categories, balances, transactions, voids.
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> ledger_tools();

}  // namespace tally::ledger
