#include "ledger/rollup_writes.h"

#include <algorithm>
#include <string_view>

#include "ledger/tags.h"
#include "store/money.h"

namespace tally::ledger {

namespace {

// kCashLikeSubtypes, as a test on one account.
bool cash_like(const Account& a) {
  static constexpr std::string_view kCash[] = {"bank", "cash", "wallet", "savings", "credit_card"};
  return std::find(std::begin(kCash), std::end(kCash), a.subtype) != std::end(kCash);
}

// Spending as the reports mean it: an expense, or a payable or tax owed.
bool spending(const Account& a) {
  return a.type == "expense" || a.subtype == "payable" || a.subtype == "tax";
}

void add_to(std::int64_t& sum, std::int64_t amount) {
  sum = store::checked_add(sum, amount);
}

template <class T>
void add_once(std::vector<T>& list, T item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

}  // namespace

void RollupRows::add(std::int64_t ws, const TxnSpec& txn, const std::vector<Account>& accounts) {
  const bool has_cash = std::any_of(accounts.begin(), accounts.end(), cash_like);

  // flow_rollup.cc's flow_day_recomputed: each posting to an account that is
  // not cash-like, when it is spending or its transaction moves cash.
  const std::string& payee = txn.payee.empty() ? txn.description : txn.payee;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& a = accounts[i];
    const bool spends = spending(a);
    if (cash_like(a) || !(spends || has_cash)) continue;
    const std::int64_t amt = txn.postings[i].amount_minor;
    Flow& f = flow_[{ws, txn.date, a.seq, spends ? payee : std::string()}];
    if (spends) add_to(f.net, amt);
    if (has_cash && amt > 0) add_to(f.cash_debit, amt);
    if (has_cash && amt < 0) add_to(f.cash_credit, amt);
  }

  // spend_rollup.cc's contribution(): each spending posting under the account
  // that paid it, each person lent to and each tag ("" for none).
  std::vector<Key> people, tags;
  for (const Account& a : accounts)
    if (a.subtype == "lent") add_once(people, Key(a.person_id.value_or("")));
  if (people.empty()) people.push_back(std::string());
  for (const std::string& tag : txn.tags) add_once(tags, Key(fold_tag(tag)));
  if (tags.empty()) tags.push_back(std::string());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    if (!spending(accounts[i])) continue;
    const PostingSpec& p = txn.postings[i];
    const std::int64_t accrual = accounts[i].type == "expense" ? p.amount_minor : 0;
    const std::int64_t cash = has_cash ? p.amount_minor : 0;
    // The paying account: the first asset or liability posting (not lending)
    // on the other side; 0 when there is none.
    std::int64_t payer = 0;
    for (std::size_t j = 0; j < accounts.size(); ++j) {
      const Account& b = accounts[j];
      if ((b.type == "asset" || b.type == "liability") && b.subtype != "lent" &&
          (txn.postings[j].amount_minor < 0) == (p.amount_minor > 0)) {
        payer = b.seq;
        break;
      }
    }
    auto add_spend = [&](const char* dim, const Key& key) {
      Spend& s = spend_[{ws, dim, txn.date, key, p.currency}];
      add_to(s.accrual, accrual);
      add_to(s.cash, cash);
    };
    add_spend("account", Key(payer));
    for (const Key& person : people) add_spend("person", person);
    for (const Key& tag : tags) add_spend("tag", tag);
  }
}

void RollupRows::write(store::Store& st) {
  store::Prepared flow = st.prepared(
      "INSERT INTO flow_day (ws, date, account_seq, payee, net_minor, cash_debit_minor, "
      "cash_credit_minor) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ws, date, account_seq, payee) "
      "DO UPDATE SET net_minor = net_minor + excluded.net_minor, "
      "cash_debit_minor = cash_debit_minor + excluded.cash_debit_minor, "
      "cash_credit_minor = cash_credit_minor + excluded.cash_credit_minor");
  // Every key written, sums of zero too: the recomputation groups by key alone.
  for (const auto& [key, f] : flow_) {
    flow.bind(1, std::get<0>(key));
    flow.bind(2, std::get<1>(key));
    flow.bind(3, std::get<2>(key));
    flow.bind(4, std::get<3>(key));
    flow.bind(5, f.net);
    flow.bind(6, f.cash_debit);
    flow.bind(7, f.cash_credit);
    flow.exec();
    flow.reset();
  }
  flow_.clear();

  store::Prepared spend = st.prepared(
      "INSERT INTO spend_day (ws, dim, date, key, currency, accrual_minor, cash_minor) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ws, dim, date, key, currency) DO UPDATE SET "
      "accrual_minor = accrual_minor + excluded.accrual_minor, "
      "cash_minor = cash_minor + excluded.cash_minor");
  for (const auto& [key, s] : spend_) {
    if (s.accrual == 0 && s.cash == 0) continue;  // as the recomputation's HAVING
    spend.bind(1, std::get<0>(key));
    spend.bind(2, std::get<1>(key));
    spend.bind(3, std::get<2>(key));
    // The key's SQLite type matters (the column is ANY): an account's seq is an
    // integer, a person or tag is text.
    if (const auto* seq = std::get_if<std::int64_t>(&std::get<3>(key)))
      spend.bind(4, *seq);
    else
      spend.bind(4, std::get<std::string>(std::get<3>(key)));
    spend.bind(5, std::get<4>(key));
    spend.bind(6, s.accrual);
    spend.bind(7, s.cash);
    spend.exec();
    spend.reset();
  }
  spend_.clear();
}

store::Migration rollup_writes_migration() {
  return {"ledger", 12,
          "DROP TRIGGER flow_posting;\nDROP TRIGGER flow_cash_posting;\n"
          "DROP TRIGGER spend_posting;\n"
          // The search index too: ledger::post indexes, or a bulk import at its end.
          "DROP TRIGGER txn_fts_insert;\nDROP TRIGGER txn_fts_memo;\n"};
}

}  // namespace tally::ledger
