#pragma once
// ledger_audit_log and ledger_undo (issue 21 item 2).
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> audit_tools();

}  // namespace tally::ledger
