#pragma once
// Where money went (issue 19): spending grouped by category, payee or paying
// account with the top N and the rest as "other", and the cash flow of the
// cash-like accounts (bank, cash, wallet, savings, credit card) per month and
// by category. Per currency, exact.
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> flow_report_tools();

}  // namespace tally::ledger
