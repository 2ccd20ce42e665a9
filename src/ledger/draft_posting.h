#pragma once
// Turning a draft into postings (domain.md §1 "Drafts → posting"). The same
// plan validates a draft when it is created (no writes; warnings) and when it
// is posted (Lent and category accounts made on first use; rules enforced).
#include <optional>
#include <string>
#include <vector>

#include "ledger/drafts.h"
#include "ledger/posting.h"
#include "store/store.h"

namespace tally::ledger {

enum class PlanMode { kCheck, kPost };

struct DraftPlan {
  std::vector<PostingSpec> postings;  ///< filled in kPost mode
  std::vector<std::string> warnings;  ///< e.g. a repayment above what is owed (kCheck)
  std::optional<std::string> category_name;  ///< the named category as stored (its own case)
};

/// Checks the draft against the ledger as it is now; throws ToolError naming
/// the field that fails. kPost also creates missing Lent/category accounts.
DraftPlan plan_draft(store::Store& st, const Draft& d, PlanMode mode, bool allow_overpayment);

struct PostedDraft {
  std::string transaction_id;
  bool already_posted = false;
};

/// Posts the draft and deletes it; a draft posted before returns its
/// transaction. The caller holds the BEGIN IMMEDIATE transaction.
PostedDraft post_draft(store::Store& st, const std::string& draft_id, bool allow_overpayment);

}  // namespace tally::ledger
