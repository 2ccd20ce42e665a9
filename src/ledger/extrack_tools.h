#pragma once
// The seven Extrack seed tools plus the two the hosted web app stands in for
// (extrack_post_transaction_draft, extrack_list_transaction_drafts).
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> extrack_tools();
/// extrack_post_transaction_drafts (bulk_post_tool.cc).
mcp::ToolSpec bulk_post_tool();
/// The output schema of posting one draft (or its dry run), shared by the bulk tool.
mcp::json post_output_schema();

}  // namespace tally::ledger
