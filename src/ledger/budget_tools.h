#pragma once
// ledger_set_budget, ledger_get_budget, ledger_delete_budget (issue 19).
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> budget_tools();

}  // namespace tally::ledger
