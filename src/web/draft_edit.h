#pragma once
// An inbox edit form, read as extrack_update_transaction_draft's arguments: the
// page and assistants edit drafts through the same tool and validation.
#include <string>

#include "mcp/json_rpc.h"
#include "web/html.h"

namespace tally::web {

/// The changes `form` asks of draft `draft_id`, whose kind is `kind` (expense,
/// split_expense, …). Empty optional fields clear; switching between expense and
/// income moves the amount to the new type's field.
mcp::json edit_changes(const Form& form, const std::string& draft_id, const std::string& kind);

}  // namespace tally::web
