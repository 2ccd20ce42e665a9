#pragma once
// What posting a draft will write, shown before the click (issue 18): the
// postings ledger::post would write and each person's Lent balance before and
// after. One function, so the inbox and a later dry-run tool show the same.
#include <cstdint>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

struct PreviewPosting {
  std::string account_id;         ///< empty when posting would create the account
  std::string account_name;       ///< e.g. "Lent:Alice", "Expenses:Dining"
  std::int64_t amount_minor = 0;  ///< debit +, credit −
  std::string currency;
  std::string memo;
};

struct LentChange {
  std::string person_id;
  std::string person_name;
  std::string currency;
  std::int64_t before_minor = 0;  ///< what they owe you now (negative: you owe them)
  std::int64_t after_minor = 0;   ///< and after posting
};

struct Preview {
  std::vector<PreviewPosting> postings;
  std::vector<LentChange> lent;
};

/// Posts the draft inside a savepoint and rolls it back: exactly what
/// post_draft would write, with its rules and error messages, nothing kept.
/// Needs the writer connection (it writes, then undoes); the caller may hold
/// a transaction. Throws ToolError as post_draft does.
Preview preview(store::Store& st, const std::string& draft_id, bool allow_overpayment);

/// Where the ledger stood before a dry run's writes (issue 21: dryRun on the
/// writes that post): the newest transaction and account.
struct DryRunMark {
  std::int64_t txn_seq = 0;
  std::int64_t account_seq = 0;
};
DryRunMark dry_run_mark(store::Store& st);

/// The postings of every transaction written since `mark`, read before the
/// call is rolled back; accounts created since have no id (they would be
/// created). No lent changes.
Preview posted_since(store::Store& st, const DryRunMark& mark);

/// A dry run's answer: `fields` (what the real call answers) with
/// preview_json(p)'s dryRun, postings and lentChanges. The runner rolls the
/// call's transaction back, so nothing is kept.
mcp::ToolResult dry_run_result(mcp::json fields, const Preview& p);

/// The dry run's answer: {dryRun: true, postings: [{accountId|null, account,
/// amount, memo}], lentChanges: [{personId, person, before, after}]}.
mcp::json preview_json(const Preview& p);
/// Its output schema (the properties; the tools add their own).
mcp::json preview_schema_properties();
/// A write tool's output properties plus the dry run's.
mcp::json with_preview(mcp::json properties);

}  // namespace tally::ledger
