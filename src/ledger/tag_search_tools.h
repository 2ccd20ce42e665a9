#pragma once
// ledger_tag_transaction, ledger_untag_transaction and
// ledger_search_transactions (issue 19).
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> tag_search_tools();

}  // namespace tally::ledger
