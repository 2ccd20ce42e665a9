#include "ledger/preview.h"

#include <limits>
#include <optional>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/draft_posting.h"
#include "ledger/drafts.h"
#include "ledger/people.h"
#include "mcp/tool.h"
#include "store/money.h"
#include "store/money_schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace {

std::int64_t lent_balance(store::Store& st, const std::string& person_id,
                          const std::string& currency) {
  auto lent = lent_account(st, person_id, currency);
  return lent ? account_balance(st, lent->seq) : 0;
}

constexpr const char* kPostingColumns =
    "SELECT a.id, a.name, p.amount_minor, p.currency, p.memo, a.seq FROM posting p "
    "JOIN txn t ON t.seq = p.txn_seq JOIN account a ON a.seq = p.account_seq ";

/// The rows of a kPostingColumns query; accounts after `created_after` get no id.
void append_postings(SQLite::Statement& q, Preview& out, std::int64_t created_after) {
  while (q.executeStep()) {
    PreviewPosting p{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getString(), q.getColumn(4).getString()};
    if (q.getColumn(5).getInt64() > created_after) p.account_id.clear();
    out.postings.push_back(std::move(p));
  }
}

}  // namespace

DryRunMark dry_run_mark(store::Store& st) {
  SQLite::Statement q(st.db,
                      "SELECT (SELECT COALESCE(MAX(seq), 0) FROM txn), (SELECT COALESCE(MAX(seq), 0) FROM account)");
  q.executeStep();
  return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

Preview posted_since(store::Store& st, const DryRunMark& mark) {
  Preview out;
  SQLite::Statement q(st.db, std::string(kPostingColumns) + "WHERE t.seq > ? ORDER BY t.seq, p.id");
  q.bind(1, mark.txn_seq);
  append_postings(q, out, mark.account_seq);  // an account this call created has no id
  return out;
}

mcp::ToolResult dry_run_result(mcp::json fields, const Preview& p) {
  fields.update(preview_json(p));
  return mcp::ToolResult::dry_run(std::move(fields));  // rolled back: nothing written
}

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
    SQLite::Statement q(st.db, std::string(kPostingColumns) + "WHERE t.id = ? ORDER BY p.id");
    q.bind(1, posted.transaction_id);
    append_postings(q, out, std::numeric_limits<std::int64_t>::max());
    for (auto& change : out.lent)
      change.after_minor = lent_balance(st, change.person_id, change.currency);
  }
  // Accounts posting would create have no id yet.
  for (auto& p : out.postings)
    if (!find_account(st, p.account_id)) p.account_id.clear();
  return out;
}

mcp::json preview_json(const Preview& p) {
  mcp::json postings = mcp::json::array(), lent = mcp::json::array();
  for (const auto& x : p.postings) {
    mcp::json posting{{"account", x.account_name},
                      {"amount", store::money_json(x.amount_minor, *store::find_currency(x.currency))},
                      {"memo", x.memo}};
    posting["accountId"] = x.account_id.empty() ? mcp::json() : mcp::json(x.account_id);  // null: created on posting
    postings.push_back(std::move(posting));
  }
  for (const auto& c : p.lent) {
    const store::Currency cur = *store::find_currency(c.currency);  // a copy: the optional is a temporary
    lent.push_back({{"personId", c.person_id},
                    {"person", c.person_name},
                    {"before", store::money_json(c.before_minor, cur)},
                    {"after", store::money_json(c.after_minor, cur)}});
  }
  return {{"dryRun", true}, {"postings", postings}, {"lentChanges", lent}};
}

mcp::json preview_schema_properties() {
  const store::MoneyWording money{.amount_minor = "exact amount in minor units (cents); debit +, credit −",
                                  .amount = "exact decimal text",
                                  .currency = "ISO 4217 code"};
  mcp::json posting{{"type", "object"},
                    {"properties",
                     {{"accountId", {{"type", {"string", "null"}}, {"description", "null: posting creates the account"}}},
                      {"account", {{"type", "string"}}},
                      {"amount", store::money_schema(money)},
                      {"memo", {{"type", "string"}}}}}};
  mcp::json change{{"type", "object"},
                   {"properties",
                    {{"personId", {{"type", "string"}}},
                     {"person", {{"type", "string"}}},
                     {"before", store::money_schema(money, "what they owe you now (negative: you owe them)")},
                     {"after", store::money_schema(money, "and after posting")}}}};
  return {{"dryRun", {{"type", "boolean"}, {"description", "true: nothing was written"}}},
          {"postings", {{"type", "array"}, {"items", posting}, {"description", "what posting would write"}}},
          {"lentChanges", {{"type", "array"}, {"items", change}}}};
}

mcp::json with_preview(mcp::json properties) {
  properties.update(preview_schema_properties());
  return properties;
}

}  // namespace tally::ledger
