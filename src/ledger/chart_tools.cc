// ledger_chart (issue 18): a chart as SVG (an embedded resource) plus the
// numbers under it as structured content, the same charts the inbox pages draw.
#include "app/call_store.h"
#include "ledger/chart_app.h"
#include "ledger/charts.h"
#include "ledger/toolset.h"
#include "mcp/schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;

namespace {

const char* title_of(const std::string& kind) {
  if (kind == "spending_by_category") return "Spending by category";
  if (kind == "income_vs_expenses") return "Income and expenses";
  if (kind == "net_worth") return "Net worth at each month end";
  return "What each person owes you (Lent balances)";
}

}  // namespace

std::string chart_title(const std::string& kind) {
  return title_of(kind);
}

std::vector<mcp::ToolSpec> chart_tools() {
  json money = {{"type", "object"},
                {"properties",
                 {{"amount", {{"type", "string"}}},
                  {"amountMinor", {{"type", "integer"}}},
                  {"currency", {{"type", "string"}}}}}};
  json series = {
      {"type", "object"},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"currency", {{"type", "string"}}},
        {"values",
         {{"type", "array"}, {"items", money}, {"description", "one per month, oldest first"}}}}},
      {"required", {"name", "currency", "values"}}};
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_chart",
      .title = "Chart the ledger",
      .description = "A chart of the last `months` months (12 by default, up to 120) as SVG, plus "
                     "its numbers: "
                     "spending_by_category (per month, stacked; categoryName narrows it to one), "
                     "income_vs_expenses, "
                     "net_worth (at each month end; accountId narrows it to one account) or "
                     "lent_balances (what each person "
                     "owes you at each month end). Several currencies give one series per "
                     "currency; nothing is converted.",
      .input_schema =
          s::object_schema({s::enumeration("kind", {"spending_by_category", "income_vs_expenses",
                                                    "net_worth", "lent_balances"})
                                .required(),
                            s::integer("months").min(1).max(120).def(12),
                            s::string("accountId")
                                .min_length(1)
                                .max_length(64)
                                .describe("net_worth: one account only"),
                            s::string("categoryName")
                                .min_length(1)
                                .max_length(120)
                                .describe("spending_by_category: one category only")}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"kind", {{"type", "string"}}},
                          {"months", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                          {"series", {{"type", "array"}, {"items", series}}}}},
                        {"required", {"kind", "months", "series"}}},
      .annotations = mcp::kRead,
      // MCP Apps hosts draw the result in this view; others show the embedded SVG.
      .meta = {{"ui", {{"resourceUri", kChartAppUri}}}},
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db, store::Transaction::Kind::read);
        std::string kind = a.str("kind");
        ChartData data = chart_data(*sp, kind, static_cast<int>(a.integer("months")),
                                    a.opt_str("categoryName"), a.opt_str("accountId"));
        tx.commit();
        json numbers = chart_json(data);
        mcp::ToolResult r = mcp::ToolResult::of(numbers);
        // The SVG rides beside the numbers as an embedded resource (clients that render images
        // show it; the MCP Apps view draws it too).
        r.content = json::array({json{{"type", "text"}, {"text", numbers.dump()}},
                                 json{{"type", "resource"},
                                      {"resource",
                                       {{"uri", "ui://tally/chart/" + kind + ".svg"},
                                        {"mimeType", "image/svg+xml"},
                                        {"text", chart_svg(data, title_of(kind))}}}}});
        return r;
      }});
  return tools;
}

}  // namespace tally::ledger
