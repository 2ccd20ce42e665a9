#include "ledger/budgets.h"

#include <map>
#include <set>

#include "ledger/accounts.h"
#include "ledger/period_totals.h"
#include "ledger/report_json.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

using mcp::json;

namespace {

using report::money;

// The category's expense-account postings per month in [from, to] (YYYY-MM), from account_month.
std::map<std::string, std::int64_t> spent_by_month(store::Store& st, const Budget& b,
                                                   const std::string& from, const std::string& to) {
  std::map<std::string, std::int64_t> out;
  store::Prepared q = st.prepared(
      "SELECT m.month, m.net_minor FROM account a JOIN account_month m ON m.account_seq = a.seq "
      "WHERE a.ws = ? AND a.category_id = ? AND a.currency = ? AND a.type = 'expense' AND m.month "
      "BETWEEN ? AND ?");
  q.bind(1, st.workspace_id);
  q.bind(2, b.category_id);
  q.bind(3, b.currency);
  q.bind(4, from);
  q.bind(5, to);
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

std::string next_month(const std::string& month) {
  return util::add_months(month + "-01", 1).substr(0, 7);
}

}  // namespace

void put_budget(store::Store& st, const Budget& b) {
  store::Prepared q = st.prepared(
      "INSERT INTO budget (ws, category_id, currency, from_month, amount_minor, rollover, "
      "created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ws, category_id, currency, from_month) DO UPDATE "
      "SET amount_minor = excluded.amount_minor, rollover = excluded.rollover");
  q.bind(1, st.workspace_id);
  q.bind(2, b.category_id);
  q.bind(3, b.currency);
  q.bind(4, b.from_month);
  q.bind(5, b.amount_minor);
  q.bind(6, b.rollover ? 1 : 0);
  q.bind(7, st.clock.now_iso());
  q.exec();
}

int delete_budgets(store::Store& st, const std::string& category_id,
                   const std::optional<std::string>& currency) {
  store::Prepared q = st.prepared(
      "DELETE FROM budget WHERE ws = ? AND category_id = ? AND (?3 IS NULL OR currency = ?3)");
  q.bind(1, st.workspace_id);
  q.bind(2, category_id);
  if (currency)
    q.bind(3, *currency);
  else
    q.bind(3);
  return q.exec();
}

std::vector<Budget> budgets_in_force(store::Store& st, const std::string& month) {
  store::Prepared q = st.prepared(
      "SELECT b.category_id, c.name, b.currency, b.from_month, b.amount_minor, b.rollover "
      "FROM budget b JOIN category c ON c.id = b.category_id "
      "WHERE b.ws = ?1 AND b.from_month = (SELECT max(from_month) FROM budget x WHERE x.ws = b.ws "
      "  AND x.category_id = b.category_id AND x.currency = b.currency AND x.from_month <= ?2) "
      "ORDER BY c.name_fold, b.currency");
  q.bind(1, st.workspace_id);
  q.bind(2, month);
  std::vector<Budget> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt64(), q.getColumn(5).getInt() != 0});
  return out;
}

json budget_report(store::Store& st, const std::string& month, const std::string& today) {
  std::string first_day = month + "-01";
  int days = util::days_in_month(std::stoi(month.substr(0, 4)), std::stoi(month.substr(5, 2)));
  // How much of the month has gone: all of a past month, none of a future one.
  int elapsed = month < today.substr(0, 7)   ? days
                : month > today.substr(0, 7) ? 0
                                             : std::stoi(today.substr(8, 2));

  json rows = json::array();
  std::map<std::string, std::int64_t> budgeted, spent_total;  // per currency
  std::set<std::pair<std::string, std::string>> covered;      // (category id, currency)
  for (const Budget& b : budgets_in_force(st, month)) {
    covered.insert({b.category_id, b.currency});
    std::int64_t carried = 0;
    std::map<std::string, std::int64_t> spent =
        spent_by_month(st, b, b.rollover ? b.from_month : month, month);
    if (b.rollover)  // what each earlier month since fromMonth left (or overspent) carries into the
                     // next
      for (std::string m = b.from_month; m < month; m = next_month(m))
        carried = store::checked_add(carried, b.amount_minor - spent[m]);
    std::int64_t available = store::checked_add(b.amount_minor, carried);
    std::int64_t used = spent[month];
    std::int64_t left = available - used;
    // Ahead of pace: more than the elapsed share of the month's money is gone.
    std::string pace =
        used > available ? "over"
        : elapsed < days && used > 0 &&
                static_cast<__int128>(used) * days > static_cast<__int128>(available) * elapsed
            ? "ahead"
            : "on-track";
    json row{{"category", b.category},
             {"categoryId", b.category_id},
             {"currency", b.currency},
             {"budget", money(b.amount_minor, b.currency)},
             {"spent", money(used, b.currency)},
             {"left", money(left, b.currency)},
             {"pace", pace},
             {"fromMonth", b.from_month},
             {"rollover", b.rollover}};
    if (b.rollover) {
      row["carriedOver"] = money(carried, b.currency);
      row["available"] = money(available, b.currency);
    }
    rows.push_back(std::move(row));
    budgeted[b.currency] = store::checked_add(budgeted[b.currency], available);
    spent_total[b.currency] = store::checked_add(spent_total[b.currency], used);
  }

  json unbudgeted = json::array();
  std::map<std::string, std::int64_t> unbudgeted_total;
  for (const auto& a : sums_between(
           st, first_day, util::add_days(util::add_months(first_day, 1), -1), {"expense"})) {
    bool has_budget = a.category_id && covered.count({*a.category_id, a.currency}) > 0;
    if (has_budget) continue;
    unbudgeted.push_back(
        {{"category", a.category.value_or(a.name)}, {"spent", money(a.net, a.currency)}});
    unbudgeted_total[a.currency] = store::checked_add(unbudgeted_total[a.currency], a.net);
  }
  json totals = json::array();
  std::set<std::string> codes;
  for (const auto& [c, v] : budgeted) codes.insert(c);
  for (const auto& [c, v] : unbudgeted_total) codes.insert(c);
  for (const auto& c : codes)
    totals.push_back({{"currency", c},
                      {"budgeted", money(budgeted[c], c)},
                      {"spent", money(spent_total[c], c)},
                      {"left", money(budgeted[c] - spent_total[c], c)},
                      {"unbudgetedSpent", money(unbudgeted_total[c], c)}});
  return {{"month", month},
          {"monthElapsed", {{"days", elapsed}, {"of", days}}},
          {"budgets", rows},
          {"unbudgeted", unbudgeted},
          {"totals", totals}};
}

json budget_report_schema() {
  auto obj = [](json properties, std::vector<std::string> required) {
    return json{{"type", "object"},
                {"properties", std::move(properties)},
                {"required", std::move(required)}};
  };
  auto m = [](std::string_view what) { return store::money_schema(kMoneyWording, what); };
  json str{{"type", "string"}};
  json row =
      obj({{"category", str},
           {"categoryId", str},
           {"currency", str},
           {"budget", m("the month's budget")},
           {"spent", m("the category's postings in the month")},
           {"left", m("available − spent; negative when over")},
           {"pace",
            {{"type", "string"},
             {"enum", {"on-track", "ahead", "over"}},
             {"description",
              "ahead: more spent than the elapsed share of the month; over: past the budget"}}},
           {"fromMonth", str},
           {"rollover", {{"type", "boolean"}}},
           {"carriedOver", m("left over (or overspent) from earlier months since fromMonth")},
           {"available", m("budget + carriedOver")}},
          {"category", "categoryId", "currency", "budget", "spent", "left", "pace", "fromMonth",
           "rollover"});
  json unb = obj(
      {{"category", str}, {"spent", m("spending in a category with no budget in its currency")}},
      {"category", "spent"});
  json total = obj({{"currency", str},
                    {"budgeted", m("sum of the budgets (with carry-over)")},
                    {"spent", m("spent in budgeted categories")},
                    {"left", m("budgeted − spent")},
                    {"unbudgetedSpent", m("spent in categories with no budget")}},
                   {"currency", "budgeted", "spent", "left", "unbudgetedSpent"});
  return obj({{"month", str},
              {"monthElapsed", obj({{"days", {{"type", "integer"}}}, {"of", {{"type", "integer"}}}},
                                   {"days", "of"})},
              {"budgets", {{"type", "array"}, {"items", row}}},
              {"unbudgeted", {{"type", "array"}, {"items", unb}}},
              {"totals", {{"type", "array"}, {"items", total}}}},
             {"month", "monthElapsed", "budgets", "unbudgeted", "totals"});
}

}  // namespace tally::ledger
