#pragma once
// Reconciliation (issue 20 item 2): cleared states beside the immutable
// postings, statement reconciliation and balance assertions.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

/// Marks the postings of transaction `txn_id` on `account_seq` cleared (those
/// already cleared or reconciled keep their state); returns how many changed.
int mark_cleared(store::Store& st, const std::string& txn_id, std::int64_t account_seq);

/// The statement date of a reconciled posting of transaction `txn_seq`, with its
/// account's name, or empty strings when none is reconciled.
std::pair<std::string, std::string> reconciled_posting_of(store::Store& st, std::int64_t txn_seq);

/// ledger_reconcile_account and ledger_assert_balance.
std::vector<mcp::ToolSpec> reconcile_tools();

}  // namespace tally::ledger
