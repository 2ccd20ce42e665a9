#pragma once
// ledger_undo (issue 21 item 2): reverses one audited write when that is safe,
// and says why when it is not. What a write can be undone by is what its
// writers noted in its audit row (ledger/audit.h):
// - a posted draft ("unpost"): the transaction is voided and the draft comes
//   back under a new id, so posting it again makes a new transaction;
// - a created draft ("delete_draft"): deleted while still pending;
// - an edited draft ("restore_draft"): put back as it was;
// - a created account ("close_account"): closed while it has no postings.
// Everything in one row is undone together or not at all; undoing twice
// changes nothing the second time.
#include <string>

#include "ledger/drafts.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

/// The notes the writers add (kept in the audit row's `undo`).
void note_posted_draft(store::Store& st, const Draft& d, const std::string& transaction_id);
void note_created_draft(store::Store& st, const std::string& draft_id);
void note_edited_draft(store::Store& st, const Draft& before);
void note_created_account(store::Store& st, const std::string& account_id);

/// Undoes the write `audit_id` in the caller's transaction; ToolError saying why when it cannot.
/// Answers {auditId, alreadyUndone, undone: [...]}.
mcp::json undo_write(store::Store& st, const std::string& audit_id);

mcp::json undo_output_schema();

}  // namespace tally::ledger
