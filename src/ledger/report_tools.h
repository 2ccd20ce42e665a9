#pragma once
// Reports over the postings (issue 19): the income statement, the balance
// sheet and the month-end net-worth series, per currency, never summed across
// currencies. All read the running totals through period_totals.h.
#include <vector>

#include "mcp/schema.h"
#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> report_tools();

/// `period`, `startDate`, `endDate`: the period parameters every report takes.
std::vector<mcp::schema::Field> period_fields();

}  // namespace tally::ledger
