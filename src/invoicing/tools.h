#pragma once
// The invoicing tool groups, each declared in its own file; toolset.cc joins them.
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::invoicing {

std::vector<mcp::ToolSpec> business_tools();     // business.cc
std::vector<mcp::ToolSpec> customer_tools();     // customers.cc
std::vector<mcp::ToolSpec> invoice_read_tools();   // invoice_reads.cc
std::vector<mcp::ToolSpec> invoice_write_tools();  // invoice_writes.cc
std::vector<mcp::ToolSpec> payment_tools();      // payments.cc
std::vector<mcp::ToolSpec> expense_tools();      // expenses.cc
std::vector<mcp::ToolSpec> void_tools();         // voids.cc
std::vector<mcp::ToolSpec> summary_tools();      // summary.cc

}  // namespace tally::invoicing
