#include "invoicing/daily_totals.h"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

namespace tally::invoicing {

void add_daily_total(store::Store& st, const char* kind, const std::string& date,
                     const std::string& currency, std::int64_t amount_minor) {
  store::Prepared q = st.prepared(
      "INSERT INTO invoicing_daily_total (ws, kind, date, currency, amount_minor, entries) "
      "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (ws, kind, date, currency) DO UPDATE SET "
      "amount_minor = amount_minor + excluded.amount_minor, entries = entries + 1");
  q.bind(1, st.workspace_id);
  q.bind(2, kind);
  q.bind(3, date);
  q.bind(4, currency);
  q.bind(5, amount_minor);
  q.exec();
}

void remove_daily_total(store::Store& st, const char* kind, const std::string& date,
                        const std::string& currency, std::int64_t amount_minor) {
  store::Prepared q = st.prepared(
      "UPDATE invoicing_daily_total SET amount_minor = amount_minor - ?, entries = entries - 1 "
      "WHERE ws = ? AND kind = ? AND date = ? AND currency = ?");
  q.bind(1, amount_minor);
  q.bind(2, st.workspace_id);
  q.bind(3, kind);
  q.bind(4, date);
  q.bind(5, currency);
  q.exec();
}

void sums_per_currency(store::Store& st, const std::string& sums,
                       const std::function<void(store::Prepared&)>& bind,
                       const std::function<void(const std::string&, store::Prepared&)>& row) {
  // GROUP BY currency makes SQLite sort every row into a temporary b-tree,
  // most of a summary's cost, and a ledger almost always has one currency: one
  // aggregate answers that case; only rows of several currencies are grouped.
  store::Prepared one = st.prepared("SELECT min(currency), max(currency), " + sums);
  bind(one);
  one.executeStep();
  if (one.getColumn(0).isNull()) return;  // no rows
  std::string code = one.getColumn(0).getString();
  if (code == one.getColumn(1).getString()) {
    row(code, one);
    return;
  }
  store::Prepared grouped =
      st.prepared("SELECT currency, currency, " + sums + " GROUP BY currency ORDER BY currency");
  bind(grouped);
  while (grouped.executeStep()) row(grouped.getColumn(0).getString(), grouped);
}

std::vector<PeriodTotal> period_totals(store::Store& st, const char* kind,
                                       const std::optional<std::string>& start,
                                       const std::optional<std::string>& end) {
  // The months wholly inside the period from invoicing_monthly_total, and the
  // days of its partial first and last months from invoicing_daily_total:
  // about 100 rows whatever the period's length (dates compare as text).
  const std::string from = start.value_or("0000-01-01"), to = end.value_or("9999-12-31");
  const std::string first_month = from.substr(0, 7), last_month = to.substr(0, 7);
  const std::string first_days_end = std::min(to, first_month + "-31");
  const std::string last_days_start =
      first_month == last_month ? "9999-99-99" : std::max(from, last_month + "-01");
  std::vector<PeriodTotal> totals;
  sums_per_currency(
      st,
      "sum(amount_minor), sum(entries) FROM ("
      "SELECT currency, amount_minor, entries FROM invoicing_daily_total "
      "WHERE ws = ?1 AND kind = ?2 AND date >= ?3 AND date <= ?4 "
      "UNION ALL SELECT currency, amount_minor, entries FROM invoicing_daily_total "
      "WHERE ws = ?1 AND kind = ?2 AND date >= ?5 AND date <= ?6 "
      "UNION ALL SELECT currency, amount_minor, entries FROM invoicing_monthly_total "
      "WHERE ws = ?1 AND kind = ?2 AND month > ?7 AND month < ?8)",
      [&](store::Prepared& q) {
        q.bind(1, st.workspace_id);
        q.bind(2, kind);
        q.bind(3, from);
        q.bind(4, first_days_end);
        q.bind(5, last_days_start);
        q.bind(6, to);
        q.bind(7, first_month);
        q.bind(8, last_month);
      },
      [&](const std::string& code, store::Prepared& q) {
        totals.push_back({code, q.getColumn(2).getInt64(), q.getColumn(3).getInt64()});
      });
  return totals;
}

}  // namespace tally::invoicing
