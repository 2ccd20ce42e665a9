#pragma once
// The seven Extrack seed tools plus the two the hosted web app stands in for
// (extrack_post_transaction_draft, extrack_list_transaction_drafts).
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> extrack_tools();

}  // namespace tally::ledger
