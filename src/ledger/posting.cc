#include "ledger/posting.h"

#include "ledger/posting_batch.h"
#include "ledger/rollup_writes.h"
#include "ledger/tags.h"

#include <map>
#include <stdexcept>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "ledger/accounts.h"
#include "ledger/post_hooks.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace {

std::string money_text(std::int64_t minor, const std::string& currency) {
  auto c = store::find_currency(currency);
  return store::format_minor(minor, c ? c->exponent : 0) + " " + currency;
}

}  // namespace

const char* to_string(AccountType type) {
  switch (type) {
    case AccountType::kAsset: return "asset";
    case AccountType::kLiability: return "liability";
    case AccountType::kEquity: return "equity";
    case AccountType::kIncome: return "income";
    case AccountType::kExpense: return "expense";
  }
  return "asset";
}

std::string post(store::Store& st, const TxnSpec& txn) {
  using mcp::ToolError;
  if (auto problem = util::date_problem(txn.date); !problem.empty())
    throw ToolError("date: \"" + txn.date + "\" " + problem);
  if (txn.postings.size() < 2)
    throw ToolError("A transaction needs at least 2 postings (got " + std::to_string(txn.postings.size()) + ").");

  std::vector<Account> accounts;  // each posting's, in order
  std::map<std::string, std::int64_t> sums;  // per currency, ordered for a stable message
  try {
    for (std::size_t i = 0; i < txn.postings.size(); ++i) {
      const PostingSpec& p = txn.postings[i];
      std::string where = "posting " + std::to_string(i + 1);
      if (p.amount_minor == 0) throw ToolError(where + ": amount is zero (a posting must move money)");
      if (p.amount_minor > store::kMaxMinor || p.amount_minor < -store::kMaxMinor)
        throw ToolError(where + ": amount is larger than " + money_text(store::kMaxMinor, p.currency));
      auto a = find_account(st, p.account_id);
      if (!a) throw ToolError("Account not found: " + where + " \"" + p.account_id + "\"");
      if (!a->open())
        throw ToolError("Account \"" + a->name + "\" (" + a->id + ") is closed; it takes no new postings.");
      if (p.currency != a->currency)
        throw ToolError(where + ": currency " + p.currency + " differs from account \"" + a->name +
                        "\" currency " + a->currency);
      sums[p.currency] = store::checked_add(sums[p.currency], p.amount_minor);
      accounts.push_back(std::move(*a));
    }
  } catch (const std::overflow_error&) {
    throw ToolError("Postings overflow the 64-bit amount range.");
  }
  for (const auto& [currency, sum] : sums)
    if (sum != 0)
      throw ToolError("Postings do not balance: " + currency + " sums to " + money_text(sum, currency) +
                      " (each currency must sum to 0).");

  std::optional<std::int64_t> reverses;
  if (txn.reverses_txn_id) {
    store::Prepared q = st.prepared("SELECT seq FROM txn WHERE id = ? AND ws = ?");
    q.bind(1, *txn.reverses_txn_id);
    q.bind(2, st.workspace_id);
    if (!q.executeStep()) throw ToolError("Transaction not found: \"" + *txn.reverses_txn_id + "\"");
    reverses = q.getColumn(0).getInt64();
    store::Prepared twice = st.prepared("SELECT id FROM txn WHERE reverses_seq = ?");
    twice.bind(1, *reverses);
    if (twice.executeStep())
      throw ToolError("Transaction " + *txn.reverses_txn_id + " is already voided by " +
                      twice.getColumn(0).getString() + ".");
  }

  std::string id = st.ids.next("txn");
  try {
    store::Prepared ins = st.prepared("INSERT INTO txn (id, ws, date, description, source, source_ref, reverses_seq, "
                          "created_at, payee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, id);
    ins.bind(2, st.workspace_id);
    ins.bind(3, txn.date);
    ins.bind(4, txn.description);
    ins.bind(5, txn.source);
    ins.bind(6, txn.source_ref);
    if (reverses) ins.bind(7, *reverses);
    ins.bind(8, st.clock.now_iso());
    ins.bind(9, txn.payee);
    ins.exec();
    std::int64_t txn_seq = st.db.getLastInsertRowid();
    for (const auto& tag : txn.tags) add_tag(st, txn_seq, tag);
    store::Prepared post = st.prepared("INSERT INTO posting (txn_seq, ws, date, account_seq, amount_minor, currency, memo) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < txn.postings.size(); ++i) {
      const PostingSpec& p = txn.postings[i];
      post.bind(1, txn_seq);
      post.bind(2, st.workspace_id);
      post.bind(3, txn.date);
      post.bind(4, accounts[i].seq);
      post.bind(5, p.amount_minor);
      post.bind(6, p.currency);
      post.bind(7, p.memo);
      post.exec();
      post.reset();
    }
    if (PostingBatch* batch = open_batch(st)) {  // an import: index and rollups once, at its end
      batch->rollups.add(st.workspace_id, txn, accounts);
    } else {
      RollupRows rollups;
      rollups.add(st.workspace_id, txn, accounts);
      rollups.write(st);
      index_for_search(st, txn_seq - 1, txn_seq);  // this transaction alone
    }
  } catch (const std::overflow_error&) {
    throw ToolError("A report total would overflow the 64-bit amount range.");
  } catch (const SQLite::Exception& e) {
    // STRICT turns an overflowing running total (int64 → REAL) into a datatype error.
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_DATATYPE)
      throw ToolError("An account balance would overflow the 64-bit amount range.");
    throw;
  }
  run_post_hooks(st, PostedTxn{id, txn});
  return id;
}

std::string ensure_account(store::Store& st, const std::string& name, AccountType type,
                           const std::string& subtype, const std::string& currency) {
  std::string type_name = to_string(type);
  if (auto a = find_account_by_name(st, name, currency)) {
    if (a->type != type_name)
      throw mcp::ToolError("Account \"" + a->name + "\" (" + a->id + ") is a " + a->type + " account, not " +
                           type_name + ".");
    if (!a->open())
      throw mcp::ToolError("Account \"" + a->name + "\" (" + a->id + ") is closed; it takes no new postings.");
    return a->id;
  }
  NewAccount spec;
  spec.name = name;
  spec.type = type_name;
  spec.subtype = subtype;
  spec.currency = currency;
  return create_account(st, spec).id;
}

std::int64_t balance_minor(store::Store& st, const std::string& account_id) {
  return account_balance(st, require_account(st, account_id, "accountId").seq);
}

}  // namespace tally::ledger
