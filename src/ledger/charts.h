#pragma once
// The charts of issue 18, as numbers and as server-rendered SVG: spending by
// category per month, income against expenses, net worth at each month end,
// and each person's Lent balance at each month end. Several currencies give
// one series per currency (no conversion). Exact: integer minor units.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct ChartSeries {
  std::string name;                  ///< a category, "Income", "Expenses", "Net worth", a person
  std::string currency;              ///< ISO 4217
  std::vector<std::int64_t> values;  ///< one per month, minor units
};

struct ChartData {
  std::string kind;  ///< spending_by_category, income_vs_expenses, net_worth, lent_balances
  std::vector<std::string> months;  ///< YYYY-MM, oldest first, ending this month
  std::vector<ChartSeries> series;
};

inline constexpr const char* kChartKinds[] = {"spending_by_category", "income_vs_expenses",
                                              "net_worth", "lent_balances"};

/// The numbers; `category` narrows spending to one category, `account` narrows
/// net worth to one account. Throws ToolError on an unknown kind or filter.
ChartData chart_data(store::Store& st, const std::string& kind, int months,
                     const std::optional<std::string>& category,
                     const std::optional<std::string>& account);

/// A whole <svg> document: bars (spending stacked per currency, income and
/// expenses side by side) or lines (net worth, Lent balances), with a <title>
/// holding the exact amount on every bar and point, and colours that differ in
/// lightness as well as hue. Renders an empty chart as a sentence.
std::string chart_svg(const ChartData& data, const std::string& title);

/// {kind, months, series: [{name, currency, values: [money]}]} for tools and tests.
mcp::json chart_json(const ChartData& data);

/// The chart's heading, e.g. "Spending by category".
std::string chart_title(const std::string& kind);

}  // namespace tally::ledger

#include "mcp/tool.h"

namespace tally::ledger {

/// ledger_chart.
std::vector<mcp::ToolSpec> chart_tools();

}  // namespace tally::ledger
