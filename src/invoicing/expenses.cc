// invoicing_record_expense and list_expenses (seed 003).
#include <SQLiteCpp/Statement.h>
#include "app/call_store.h"
#include "ledger/dry_run.h"
#include "store/transaction.h"

#include "invoicing/business.h"
#include "invoicing/common.h"
#include "invoicing/daily_totals.h"
#include "invoicing/dates.h"
#include "invoicing/ledger_link.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "ledger/categories.h"
#include "mcp/schema.h"
#include "store/money.h"
#include "util/fold.h"
#include "util/text.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr int kListRows = 500;
constexpr const char* kListText =
    "List expenses for your organization. Supports filtering by date range. Returns vendor name, expense type, "
    "amount, category, and dates.";

json expense_schema() {
  return out::object({{"id", out::str("expense id, exp_…")},
                      {"date", out::str()},
                      {"vendor", out::str()},
                      {"expenseType", out::opt_str()},
                      {"category", out::str("also the ledger account Expenses:<category>")},
                      {"amount", store::money_schema(out::kMoney)},
                      {"paidFrom", out::str("the ledger account that paid")},
                      {"notes", out::opt_str()}},
                     {"id", "date", "vendor", "category", "amount"});
}

json expense_json(SQLite::Statement& q) {
  auto cur = *store::find_currency(q.getColumn(5).getString());
  return {{"id", q.getColumn(0).getString()},
          {"date", q.getColumn(1).getString()},
          {"vendor", q.getColumn(2).getString()},
          {"expenseType", json_or_null(opt_text(q.getColumn(3)))},
          {"category", q.getColumn(4).getString()},
          {"amount", store::money_json(q.getColumn(6).getInt64(), cur)},
          {"paidFrom", q.getColumn(7).getString()},
          {"notes", json_or_null(opt_text(q.getColumn(8)))}};
}

constexpr const char* kExpenseColumns =
    "SELECT e.id, e.date, e.vendor, e.expense_type, e.category, e.currency, e.amount_minor, a.name, e.notes "
    "FROM expense e LEFT JOIN account a ON a.id = e.paid_from_account_id ";

mcp::ToolResult record_expense(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  ExpensePosting e;
  auto vendor = text_arg(a, "vendor");
  if (!vendor) throw mcp::ToolError("vendor: must not be blank");
  if (auto problem = util::name_problem(*vendor); !problem.empty()) throw mcp::ToolError("vendor: " + problem);
  e.vendor = *vendor;
  auto category = text_arg(a, "category");
  e.category = category.value_or(ledger::kUncategorized);
  if (e.category.find(':') != std::string::npos)
    throw mcp::ToolError("category: \"" + e.category + "\" may not contain ':' (it becomes the account Expenses:" +
                         e.category + ")");
  store::Currency cur = currency_arg(a.opt_str("currency").value_or(load_business(st).currency), "currency");
  e.currency = std::string(cur.code);
  e.amount_minor = positive_money_arg(a, "amount", cur);
  e.date = date_arg(a, "date").value_or(st.today());
  // A typo ("Fule") must not become a category: unknown names are refused with
  // the near matches, as the ledger's tools do, unless the caller asks.
  // The default, "Uncategorized", is always there to take an expense.
  if (a.boolean("createCategory") || util::fold_name(e.category) == util::fold_name(ledger::kUncategorized)) {
    e.category = expense_category(st, e.category);
  } else {
    try {
      e.category = ledger::resolve_category(st, e.category, "expense", "category").name;
    } catch (const mcp::ToolError& refused) {
      throw mcp::ToolError(std::string(refused.what()) + ". To create \"" + e.category +
                           "\", pass createCategory: true.");
    }
  }
  e.paid_from = money_account(st, a.str("paidFrom"), a.opt_str("paidFromAccountId"), "paidFromAccountId", e.currency, true);
  e.expense_id = st.ids.next("exp");
  std::string txn = post_expense(st, e);
  store::Prepared insert = st.prepared("INSERT INTO expense (id, ws, date, vendor, expense_type, category, currency, amount_minor, "
                           "paid_from_account_id, notes, ledger_txn_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int k = 1;
  insert.bind(k++, e.expense_id);
  insert.bind(k++, st.workspace_id);
  insert.bind(k++, e.date);
  insert.bind(k++, e.vendor);
  bind_opt(insert, k++, text_arg(a, "expenseType"));
  insert.bind(k++, e.category);
  insert.bind(k++, e.currency);
  insert.bind(k++, e.amount_minor);
  insert.bind(k++, e.paid_from.id);
  bind_opt(insert, k++, text_arg(a, "notes"));
  insert.bind(k++, txn);
  insert.bind(k++, st.clock.now_iso());
  insert.exec();
  add_daily_total(st, "expense", e.date, e.currency, e.amount_minor);
  ctx.check_cancelled();
  store::Prepared q = st.prepared(std::string(kExpenseColumns) + "WHERE e.id = ?");
  q.bind(1, e.expense_id);
  q.executeStep();
  json result = expense_json(q);
  result["ledgerTransactionId"] = txn;
  tx.commit();
  return mcp::ToolResult::of(result);
}

mcp::ToolResult list_expenses(store::Store& st, const mcp::Args& a) {
  auto start = date_arg(a, "startDate");
  auto end = date_arg(a, "endDate");
  if (start && end) check_range(*start, *end);
  store::Prepared q = st.prepared(std::string(kExpenseColumns) +
                                 "WHERE e.ws = ? AND e.date >= ? AND e.date <= ? ORDER BY e.date DESC, e.seq DESC LIMIT ?");
  q.bind(1, st.workspace_id);
  q.bind(2, start.value_or("0000-00-00"));
  q.bind(3, end.value_or("9999-99-99"));
  q.bind(4, kListRows + 1);
  json rows = json::array();
  bool truncated = false;
  while (q.executeStep()) {
    if (static_cast<int>(rows.size()) == kListRows) {
      truncated = true;
      break;
    }
    rows.push_back(expense_json(q));
  }
  json totals = json::array();
  std::int64_t matched = 0;
  for (const PeriodTotal& t : period_totals(st, "expense", start, end)) {
    totals.push_back({{"currency", t.currency},
                      {"amount", store::money_json(t.amount_minor, *store::find_currency(t.currency))},
                      {"expenses", t.entries}});
    matched += t.entries;
  }
  return mcp::ToolResult::of({{"startDate", json_or_null(start)},
                              {"endDate", json_or_null(end)},
                              {"expenses", rows},
                              {"count", rows.size()},
                              {"total", matched},
                              {"truncated", truncated},
                              {"totals", totals}});
}

}  // namespace

std::vector<mcp::ToolSpec> expense_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      {.name = "list_expenses",
       .title = "List expenses",
       .description = std::string(kListText) +
                      " Both dates are inclusive and optional; newest first (at most 500; totals cover every "
                      "match, per currency).",
       .input_schema = s::object_schema({date_param("startDate", "Start of date range"),
                                         date_param("endDate", "End of date range")}),
       .output_schema = out::object(
           {{"startDate", out::opt_str()},
            {"endDate", out::opt_str()},
            {"expenses", out::array(expense_schema())},
            {"count", out::integer("expenses listed")},
            {"total", out::integer("expenses in the range")},
            {"truncated", out::boolean("more expenses than listed; narrow the range")},
            {"totals", out::array(out::object({{"currency", out::str()}, {"amount", store::money_schema(out::kMoney)},
                                               {"expenses", out::integer()}},
                                              {"currency", "amount", "expenses"}),
                                  "sum per currency, never across currencies")}},
           {"expenses", "count", "total", "truncated", "totals"}),
       .annotations = mcp::kRead,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return list_expenses(st, a); }});
  json recorded = expense_schema();
  recorded["properties"]["ledgerTransactionId"] = out::str();
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_record_expense",
       .title = "Record an expense",
       .description = "Record a business expense. The category is the ledger's expense category of that name "
                      "(an unknown name is refused with the near matches unless createCategory is true); posts Expenses:<category> +amount against what paid it (Checking, Cash, "
                      "Credit Card or the account given).",
       .input_schema = s::object_schema({
           s::string("vendor").required().min_length(1).max_length(200).describe("Who was paid"),
           s::decimal("amount").required().describe("Amount paid, e.g. \"84.20\""),
           s::date("date").describe("Default today"),
           s::string("category").min_length(1).max_length(100).def("Uncategorized").describe(
               "Expense category, e.g. \"Supplies\" (the ledger's expense category; its account is Expenses:<category>)"),
           s::boolean("createCategory").def(false).describe(
               "Create the category when no expense category has that name (otherwise refused with suggestions)"),
           s::string("expenseType").max_length(50).describe("Free-form type, e.g. \"recurring\", \"one-time\""),
           s::string("currency").min_length(3).max_length(3).describe("Default the business's currency"),
           s::enumeration("paidFrom", {"bank", "cash", "credit_card"}).def("bank").describe(
               "What paid: bank = the ledger account Checking, cash = Cash, credit_card = Credit Card"),
           s::string("paidFromAccountId").max_length(64).describe(
               "A ledger asset or liability account (acc_…) that paid instead, in the expense's currency"),
           s::string("notes").max_length(1000),
       }),
       .output_schema = recorded,
       .annotations = mcp::kCreate,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return record_expense(st, a, ctx); }}));
  return tools;
}

}  // namespace tally::invoicing
