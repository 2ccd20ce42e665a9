// get_financial_summary (seed 003): overdue, outstanding, total expenses and
// total income for a period, per currency, never summed across currencies.
#include <map>
#include "app/call_store.h"

#include <SQLiteCpp/Statement.h>

#include "invoicing/common.h"
#include "invoicing/daily_totals.h"
#include "invoicing/dates.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "store/money.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr const char* kSummaryText =
    "Get a financial summary for your organization: total overdue invoices, outstanding invoices, total "
    "expenses, and total income for a given period.";
constexpr const char* kBasis =
    "cash: totalIncome is payments received in the period and totalExpenses is expenses dated in it; "
    "outstanding and overdue are the unpaid balances of sent invoices as of today, whatever the period "
    "(overdue is the part past its due date).";

struct Figures {
  std::int64_t income = 0, payments = 0, expenses = 0, expense_count = 0;
  std::int64_t outstanding = 0, outstanding_count = 0, overdue = 0, overdue_count = 0;
};

mcp::ToolResult financial_summary(store::Store& st, const mcp::Args& a) {
  std::string today = st.today();
  auto start_arg = date_arg(a, "startDate");
  auto end_arg = date_arg(a, "endDate");
  std::string end = end_arg.value_or(today);
  std::string start = start_arg.value_or(end.substr(0, 4) + "-01-01");
  check_range(start, end);

  std::map<std::string, Figures> by_currency;
  for (const PeriodTotal& t : period_totals(st, "income", start, end)) {
    by_currency[t.currency].income = t.amount_minor;
    by_currency[t.currency].payments = t.entries;
  }
  for (const PeriodTotal& t : period_totals(st, "expense", start, end)) {
    by_currency[t.currency].expenses = t.amount_minor;
    by_currency[t.currency].expense_count = t.entries;
  }
  // Open balances (kept by triggers): per due month (invoicing_open_month), and
  // per due date only in this month, the one split by "overdue" (before today).
  sums_per_currency(
      st,
      "sum(balance_minor), sum(invoices), sum(CASE WHEN overdue THEN balance_minor ELSE 0 END), "
      "sum(CASE WHEN overdue THEN invoices ELSE 0 END) FROM ("
      "SELECT currency, balance_minor, invoices, due_month < ?3 AS overdue FROM invoicing_open_month "
      "WHERE ws = ?1 AND invoices > 0 AND due_month <> ?3 "
      "UNION ALL SELECT currency, balance_minor, invoices, due_date < ?2 AS overdue FROM invoicing_open_total "
      "WHERE ws = ?1 AND invoices > 0 AND due_date >= ?3 || '-01' AND due_date <= ?3 || '-31')",
      [&](store::Prepared& q) {
        q.bind(1, st.workspace_id);
        q.bind(2, today);
        q.bind(3, today.substr(0, 7));
      },
      [&](const std::string& code, store::Prepared& q) {
        Figures& f = by_currency[code];
        f.outstanding = q.getColumn(2).getInt64();
        f.outstanding_count = q.getColumn(3).getInt64();
        f.overdue = q.getColumn(4).getInt64();
        f.overdue_count = q.getColumn(5).getInt64();
      });

  json currencies = json::array();
  for (const auto& [code, f] : by_currency) {
    auto cur = *store::find_currency(code);
    currencies.push_back({{"currency", code},
                          {"totalIncome", store::money_json(f.income, cur)},
                          {"payments", f.payments},
                          {"totalExpenses", store::money_json(f.expenses, cur)},
                          {"expenses", f.expense_count},
                          {"net", store::money_json(store::checked_add(f.income, -f.expenses), cur)},
                          {"outstanding", store::money_json(f.outstanding, cur)},
                          {"outstandingInvoices", f.outstanding_count},
                          {"overdue", store::money_json(f.overdue, cur)},
                          {"overdueInvoices", f.overdue_count}});
  }
  return mcp::ToolResult::of({{"startDate", start},
                              {"endDate", end},
                              {"asOf", today},
                              {"basis", kBasis},
                              {"currencies", currencies}});
}

}  // namespace

std::vector<mcp::ToolSpec> summary_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      {.name = "get_financial_summary",
       .title = "Financial summary",
       .description = std::string(kSummaryText) +
                      " The period defaults to the year to date; figures are per currency. Outstanding is "
                      "the accounts receivable balance.",
       .input_schema = s::object_schema({date_param("startDate", "Start of the period, inclusive; default 1 January"),
                                         date_param("endDate", "End of the period, inclusive; default today")}),
       .output_schema = out::object(
           {{"startDate", out::str()},
            {"endDate", out::str()},
            {"asOf", out::str("today: the day outstanding and overdue are measured")},
            {"basis", out::str("how each figure is counted")},
            {"currencies",
             out::array(out::object({{"currency", out::str()},
                                     {"totalIncome", store::money_schema(out::kMoney, "payments received in the period")},
                                     {"payments", out::integer()},
                                     {"totalExpenses", store::money_schema(out::kMoney, "expenses dated in the period")},
                                     {"expenses", out::integer()},
                                     {"net", store::money_schema(out::kMoney, "totalIncome - totalExpenses")},
                                     {"outstanding", store::money_schema(out::kMoney, "unpaid balance of sent invoices, today")},
                                     {"outstandingInvoices", out::integer()},
                                     {"overdue", store::money_schema(out::kMoney, "the part of outstanding past its due date")},
                                     {"overdueInvoices", out::integer()}},
                                    {"currency", "totalIncome", "totalExpenses", "outstanding", "overdue"}),
                        "one entry per currency, never summed across currencies")}},
           {"startDate", "endDate", "asOf", "basis", "currencies"}),
       .annotations = mcp::kRead,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return financial_summary(st, a); }});
  return tools;
}

}  // namespace tally::invoicing
