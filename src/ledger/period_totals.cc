#include "ledger/period_totals.h"

#include <algorithm>

#include "ledger/flow_rollup.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace {

std::string month_end(const std::string& date) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2));
  return date.substr(0, 8) + std::to_string(util::days_in_month(y, m));  // 28–31: two digits
}

}  // namespace

MonthSplit split_by_month(const std::string& start, const std::string& end) {
  MonthSplit s;
  std::string first_whole = start.empty() || start.substr(8) == "01"
                                ? (start.empty() ? std::string("0000-01") : start.substr(0, 7))
                                : util::add_months(start.substr(0, 8) + "01", 1).substr(0, 7);
  std::string last_whole = end == month_end(end)
                               ? end.substr(0, 7)
                               : util::add_months(end.substr(0, 8) + "01", -1).substr(0, 7);
  if (first_whole <= last_whole) {
    s.months = {first_whole, last_whole};
    if (!start.empty() && start.substr(8) != "01") s.days.emplace_back(start, month_end(start));
    if (end != month_end(end)) s.days.emplace_back(end.substr(0, 8) + "01", end);
  } else {
    s.days.emplace_back(start.empty() ? std::string("0000-01-01") : start,
                        end);  // within one month
  }
  return s;
}

std::vector<AccountSum> sums_between(store::Store& st, const std::string& start,
                                     const std::string& end,
                                     const std::vector<std::string>& types) {
  MonthSplit parts = split_by_month(start, end);
  std::vector<AccountSum> out;
  store::Prepared accounts = st.prepared(
      "SELECT a.seq, a.id, a.name, a.type, a.subtype, a.currency, c.name, c.id FROM account a "
      "LEFT JOIN category c ON c.id = a.category_id WHERE a.ws = ? ORDER BY a.type, a.name_fold, "
      "a.currency");
  accounts.bind(1, st.workspace_id);
  while (accounts.executeStep()) {
    AccountSum a;
    a.seq = accounts.getColumn(0).getInt64();
    a.id = accounts.getColumn(1).getString();
    a.name = accounts.getColumn(2).getString();
    a.type = accounts.getColumn(3).getString();
    a.subtype = accounts.getColumn(4).getString();
    a.currency = accounts.getColumn(5).getString();
    if (!accounts.getColumn(6).isNull()) {
      a.category = accounts.getColumn(6).getString();
      a.category_id = accounts.getColumn(7).getString();
    }
    if (types.empty() || std::find(types.begin(), types.end(), a.type) != types.end())
      out.push_back(std::move(a));
  }
  for (auto& a : out) {
    if (parts.months) {
      store::Prepared q = st.prepared(
          "SELECT coalesce(sum(net_minor), 0) FROM account_month WHERE account_seq = ? AND month "
          "BETWEEN ? AND ?");
      q.bind(1, a.seq);
      q.bind(2, parts.months->first);
      q.bind(3, parts.months->second);
      q.executeStep();
      a.net = store::checked_add(a.net, q.getColumn(0).getInt64());
    }
    for (const auto& [from, to] : parts.days) {
      store::Prepared q = st.prepared(
          "SELECT coalesce(sum(amount_minor), 0) FROM posting WHERE account_seq = ? AND date "
          "BETWEEN ? AND ?");
      q.bind(1, a.seq);
      q.bind(2, from);
      q.bind(3, to);
      q.executeStep();
      a.net = store::checked_add(a.net, q.getColumn(0).getInt64());
    }
  }
  std::erase_if(out, [](const AccountSum& a) { return a.net == 0; });
  return out;
}

std::vector<AccountSum> cash_basis_sums(store::Store& st, const std::string& start,
                                        const std::string& end) {
  // The flow rollup's cash columns: postings of transactions through a cash-like account.
  store::Prepared q = st.prepared(
      "SELECT a.seq, a.id, a.name, a.type, a.subtype, a.currency, c.name, c.id, "
      "sum(f.cash_debit_minor + f.cash_credit_minor) FROM " +
      flow_rows_sql() +
      " f JOIN account a ON a.seq = f.account_seq LEFT JOIN category c ON c.id = a.category_id "
      "WHERE (a.type IN ('income', 'expense') OR a.subtype IN ('receivable', 'payable', 'tax')) "
      "GROUP BY a.seq ORDER BY a.type, a.name_fold, a.currency");
  bind_flow_rows(q, st.workspace_id, start, end);
  std::vector<AccountSum> out;
  while (q.executeStep()) {
    AccountSum a;
    a.seq = q.getColumn(0).getInt64();
    a.id = q.getColumn(1).getString();
    a.name = q.getColumn(2).getString();
    a.type = q.getColumn(3).getString();
    a.subtype = q.getColumn(4).getString();
    a.currency = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull()) {
      a.category = q.getColumn(6).getString();
      a.category_id = q.getColumn(7).getString();
    }
    a.net = q.getColumn(8).getInt64();
    if (a.subtype == "receivable") {
      a.type = "income";  // collected: the receivable's credit is income now
      a.name += " (collected)";
    } else if (a.subtype == "payable" || a.subtype == "tax") {
      a.type = "expense";  // paid: the liability's debit is spending now
      a.name += " (paid)";
    }
    if (a.net != 0) out.push_back(std::move(a));
  }
  return out;
}

std::vector<MonthNet> month_nets_through(store::Store& st, const std::string& last_month) {
  std::vector<MonthNet> out;
  store::Prepared q = st.prepared(
      "SELECT m.account_seq, m.month, m.net_minor FROM account a JOIN account_month m ON "
      "m.account_seq = a.seq "
      "WHERE a.ws = ? AND m.month <= ? ORDER BY m.month");
  q.bind(1, st.workspace_id);
  q.bind(2, last_month);
  while (q.executeStep())
    out.push_back(
        {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
  return out;
}

}  // namespace tally::ledger
