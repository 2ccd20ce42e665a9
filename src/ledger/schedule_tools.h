#pragma once
// The recurring-transaction tools (issue 20 item 1): create, list, update,
// delete and skip schedules, and the bills coming up.
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> schedule_tools();

}  // namespace tally::ledger
