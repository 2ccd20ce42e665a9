#include "invoicing/daily_totals.h"

#include <map>
#include <string_view>

#include <SQLiteCpp/Statement.h>

namespace tally::invoicing {

void add_daily_total(store::Store& st, const char* kind, const std::string& date, const std::string& currency,
                     std::int64_t amount_minor) {
  store::Prepared q = st.prepared("INSERT INTO invoicing_daily_total (ws, kind, date, currency, amount_minor, entries) "
                      "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (ws, kind, date, currency) DO UPDATE SET "
                      "amount_minor = amount_minor + excluded.amount_minor, entries = entries + 1");
  q.bind(1, st.workspace_id);
  q.bind(2, kind);
  q.bind(3, date);
  q.bind(4, currency);
  q.bind(5, amount_minor);
  q.exec();
}

std::vector<PeriodTotal> period_totals(store::Store& st, const char* kind, const std::optional<std::string>& start,
                                       const std::optional<std::string>& end) {
  // GROUP BY currency made SQLite sort every day's row into a temporary
  // b-tree, most of a summary's cost. A ledger almost always has one currency:
  // one aggregate without grouping answers it; several are summed row by row.
  auto bind_period = [&](store::Prepared& q) {
    q.bind(1, st.workspace_id);
    q.bind(2, kind);
    q.bind(3, start.value_or("0000-00-00"));
    q.bind(4, end.value_or("9999-99-99"));
  };
  {
    store::Prepared one = st.prepared("SELECT min(currency), max(currency), sum(amount_minor), sum(entries) "
                        "FROM invoicing_daily_total WHERE ws = ? AND kind = ? AND date >= ? AND date <= ?");
    bind_period(one);
    one.executeStep();
    if (one.getColumn(0).isNull()) return {};
    std::string first = one.getColumn(0).getString();
    if (first == one.getColumn(1).getString())
      return {PeriodTotal{std::move(first), one.getColumn(2).getInt64(), one.getColumn(3).getInt64()}};
  }
  store::Prepared q = st.prepared("SELECT currency, amount_minor, entries FROM invoicing_daily_total "
                      "WHERE ws = ? AND kind = ? AND date >= ? AND date <= ?");
  bind_period(q);
  std::map<std::string, PeriodTotal, std::less<>> by_currency;
  PeriodTotal* last = nullptr;  // days of one currency come in runs: skip the lookup
  while (q.executeStep()) {
    SQLite::Column c = q.getColumn(0);
    const char* text = c.getText();
    std::string_view code(text, static_cast<std::size_t>(c.getBytes()));
    if (last == nullptr || last->currency != code) {
      auto it = by_currency.find(code);
      if (it == by_currency.end()) it = by_currency.emplace(std::string(code), PeriodTotal{std::string(code), 0, 0}).first;
      last = &it->second;
    }
    last->amount_minor += q.getColumn(1).getInt64();
    last->entries += q.getColumn(2).getInt64();
  }
  std::vector<PeriodTotal> totals;
  for (auto& [code, total] : by_currency) totals.push_back(std::move(total));
  return totals;
}

}  // namespace tally::invoicing
