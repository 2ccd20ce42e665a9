#pragma once
// ledger_set_price and ledger_list_prices (issue 20 item 3).
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> price_tools();

}  // namespace tally::ledger
