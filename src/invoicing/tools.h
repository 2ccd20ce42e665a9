#pragma once
// The invoicing tool groups, each declared in its own file; toolset.cc joins them.
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::invoicing {

std::vector<mcp::ToolSpec> business_tools(store::Store& st);     // business.cc
std::vector<mcp::ToolSpec> customer_tools(store::Store& st);     // customers.cc
std::vector<mcp::ToolSpec> invoice_read_tools(store::Store& st);   // invoice_reads.cc
std::vector<mcp::ToolSpec> invoice_write_tools(store::Store& st);  // invoice_writes.cc
std::vector<mcp::ToolSpec> payment_tools(store::Store& st);      // payments.cc
std::vector<mcp::ToolSpec> expense_tools(store::Store& st);      // expenses.cc
std::vector<mcp::ToolSpec> summary_tools(store::Store& st);      // summary.cc

}  // namespace tally::invoicing
