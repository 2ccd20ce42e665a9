#pragma once
// `dryRun: true` on a write that posts (issue 21): the same handler runs inside
// the call's transaction, its answer gains the postings it wrote, and the
// runner rolls the call back (mcp::ToolResult::dry_run), so the ledger's files
// stay byte-identical. One wrapper, so every such tool answers the same shape.
#include "mcp/tool.h"

namespace tally::ledger {

/// `spec` with a `dryRun` parameter (default false), the dry run's output
/// properties (preview.h) and a sentence saying so. With dryRun the answer is
/// what the real call answers plus {dryRun: true, postings, lentChanges}.
mcp::ToolSpec with_dry_run(mcp::ToolSpec spec);

}  // namespace tally::ledger
