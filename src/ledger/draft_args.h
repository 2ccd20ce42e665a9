#pragma once
// Editing a draft (issue 18): the draft written back as the arguments of the
// create tool that makes its kind, with the caller's changes laid over them, so
// an edit is validated by exactly the create tools' code and messages.
#include "ledger/drafts.h"
#include "mcp/args.h"
#include "mcp/json_rpc.h"

namespace tally::ledger {

/// The create tool that makes drafts of this kind.
const char* create_tool_of(const std::string& kind);

/// The draft as that tool's arguments (amounts as exact decimal strings).
mcp::json draft_args(const Draft& d);

/// draft_args with `changes` (the update tool's arguments, draftId aside) laid
/// over them: null clears an optional text, a new `type` drops what the old one
/// needed. Throws ToolError for a field this kind of draft does not take.
mcp::json merged_draft_args(const Draft& d, const mcp::Args& changes);

}  // namespace tally::ledger
