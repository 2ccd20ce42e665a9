#include "invoicing/daily_totals.h"

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
  store::Prepared q = st.prepared("SELECT currency, sum(amount_minor), sum(entries) FROM invoicing_daily_total "
                      "WHERE ws = ? AND kind = ? AND date >= ? AND date <= ? GROUP BY currency ORDER BY currency");
  q.bind(1, st.workspace_id);
  q.bind(2, kind);
  q.bind(3, start.value_or("0000-00-00"));
  q.bind(4, end.value_or("9999-99-99"));
  std::vector<PeriodTotal> totals;
  while (q.executeStep())
    totals.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()});
  return totals;
}

}  // namespace tally::invoicing
