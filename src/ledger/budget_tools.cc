#include "ledger/budget_tools.h"

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/budgets.h"
#include "ledger/categories.h"
#include "ledger/tool_support.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

// YYYY-MM naming a real month in the dates Tally accepts.
std::string require_month(const std::string& text, const std::string& param) {
  bool shape = text.size() == 7 && text[4] == '-';
  for (std::size_t i = 0; shape && i < 7; ++i)
    if (i != 4 && (text[i] < '0' || text[i] > '9')) shape = false;
  int m = shape ? std::stoi(text.substr(5, 2)) : 0;
  int y = shape ? std::stoi(text.substr(0, 4)) : 0;
  if (!shape || m < 1 || m > 12 || y < 1900 || y > 2199)
    throw ToolError(param + ": \"" + text +
                    "\" is not a month (expected YYYY-MM, 1900-01 to 2199-12)");
  return text;
}

json budget_json(const Budget& b) {
  return {{"categoryId", b.category_id},
          {"category", b.category},
          {"currency", b.currency},
          {"amount", store::money_json(b.amount_minor, *store::find_currency(b.currency))},
          {"fromMonth", b.from_month},
          {"rollover", b.rollover}};
}

ToolResult set_budget(store::Store& st, const mcp::Args& a) {
  Category c = resolve_category(st, a.str("categoryName"), "expense", "categoryName");
  Budget b;
  b.category_id = c.id;
  b.category = c.name;
  b.currency =
      a.has("currency") ? require_currency(a.str("currency"), "currency") : base_currency(st);
  b.amount_minor = parse_amount(a, "amount", b.currency);
  b.from_month = a.has("fromMonth") ? require_month(a.str("fromMonth"), "fromMonth")
                                    : st.today().substr(0, 7);
  b.rollover = a.boolean("rollover");
  category_account(st, c, b.currency);  // spending in this currency has an account to land in
  put_budget(st, b);
  return ToolResult::of(budget_json(b));
}

ToolResult delete_budget(store::Store& st, const mcp::Args& a) {
  Category c = resolve_category(st, a.str("categoryName"), "expense", "categoryName");
  std::optional<std::string> currency;
  if (a.has("currency")) currency = require_currency(a.str("currency"), "currency");
  int n = delete_budgets(st, c.id, currency);
  if (n == 0)
    throw ToolError("Category \"" + c.name + "\" has no budget" +
                    (currency ? " in " + *currency : "") + ".");
  return ToolResult::of(json{{"categoryId", c.id}, {"category", c.name}, {"deletedMonths", n}});
}

json set_output_schema() {
  json str{{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"categoryId", str},
            {"category", str},
            {"currency", str},
            {"amount", store::money_schema(kMoneyWording, "budget per month")},
            {"fromMonth", str},
            {"rollover", {{"type", "boolean"}}}}},
          {"required", {"categoryId", "category", "currency", "amount", "fromMonth", "rollover"}}};
}

}  // namespace

std::vector<mcp::ToolSpec> budget_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_set_budget",
      .title = "Set a monthly budget",
      .description =
          "Budget an expense category per month, in one currency (default the workspace's), from "
          "fromMonth on; earlier months keep the budget they had. With rollover, what a month "
          "leaves "
          "(or overspends) carries into the next. Setting it again for the same month replaces it.",
      .input_schema =
          s::object_schema({s::string("categoryName").required().min_length(1).max_length(120),
                            s::decimal("amount").required().describe("per month, e.g. \"400.00\""),
                            s::string("fromMonth")
                                .min_length(7)
                                .max_length(7)
                                .describe("YYYY-MM; default this month"),
                            s::boolean("rollover").def(false),
                            s::string("currency")
                                .min_length(3)
                                .max_length(3)
                                .describe("ISO 4217; default the workspace's")}),
      .output_schema = set_output_schema(),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return set_budget(app::store_of(ctx), a);
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_get_budget",
      .title = "Budget check",
      .description = "A month's budgets: each category's budget, spent (its postings that month), "
                     "left, and pace "
                     "(ahead when more is spent than the elapsed share of the month, over past the "
                     "budget); plus "
                     "the spending in categories with no budget, and totals per currency.",
      .input_schema = s::object_schema(
          {s::string("month").min_length(7).max_length(7).describe("YYYY-MM; default this month")}),
      .output_schema = budget_report_schema(),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        std::string today = st.today();
        std::string month =
            a.has("month") ? require_month(a.str("month"), "month") : today.substr(0, 7);
        return ToolResult::of(budget_report(st, month, today));
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_delete_budget",
      .title = "Delete a budget",
      .description =
          "Remove a category's budget, every month of it (in `currency` only when given). Spending "
          "is untouched.",
      .input_schema =
          s::object_schema({s::string("categoryName").required().min_length(1).max_length(120),
                            s::string("currency").min_length(3).max_length(3)}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"categoryId", {{"type", "string"}}},
                          {"category", {{"type", "string"}}},
                          {"deletedMonths",
                           {{"type", "integer"}, {"description", "budget rows removed"}}}}},
                        {"required", {"categoryId", "category", "deletedMonths"}}},
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return delete_budget(app::store_of(ctx), a);
      }});
  return tools;
}

}  // namespace tally::ledger
