#include "ledger/preview.h"

#include <optional>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/draft_posting.h"
#include "ledger/drafts.h"
#include "ledger/people.h"
#include "mcp/tool.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace {

std::int64_t lent_balance(store::Store& st, const std::string& person_id,
                          const std::string& currency) {
  auto lent = lent_account(st, person_id, currency);
  return lent ? account_balance(st, lent->seq) : 0;
}

}  // namespace

Preview preview(store::Store& st, const std::string& draft_id, bool allow_overpayment) {
  auto d = find_draft(st, draft_id);
  if (!d) throw mcp::ToolError("Draft not found: draftId \"" + draft_id + "\"");
  Preview out;
  std::vector<std::string> people;
  if (d->person_id) people.push_back(*d->person_id);
  for (const auto& i : d->ious) people.push_back(i.person_id);
  for (const auto& id : people) {
    auto p = find_person(st, id);
    out.lent.push_back(
        LentChange{id, p ? p->name : id, d->currency, lent_balance(st, id, d->currency), 0});
  }
  {
    store::Transaction undo(st.db);  // never committed: its destructor rolls everything back
    PostedDraft posted = post_draft(st, draft_id, allow_overpayment);
    SQLite::Statement q(st.db,
                        "SELECT a.id, a.name, p.amount_minor, p.currency, p.memo FROM posting p "
                        "JOIN txn t ON t.seq = p.txn_seq JOIN account a ON a.seq = p.account_seq "
                        "WHERE t.id = ? ORDER BY p.id");
    q.bind(1, posted.transaction_id);
    while (q.executeStep())
      out.postings.push_back(PreviewPosting{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                            q.getColumn(2).getInt64(), q.getColumn(3).getString(),
                                            q.getColumn(4).getString()});
    for (auto& change : out.lent)
      change.after_minor = lent_balance(st, change.person_id, change.currency);
  }
  // Accounts posting would create have no id yet.
  for (auto& p : out.postings)
    if (!find_account(st, p.account_id)) p.account_id.clear();
  return out;
}

}  // namespace tally::ledger
