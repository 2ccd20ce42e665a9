#pragma once
// Monthly budgets per expense category and currency (issue 19). A budget is a
// history of rows: setting one from a month adds (or replaces) the row for that
// month, and a month's budget is the newest row starting on or before it, so
// changing next month's budget never rewrites what this month was held to.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Budget {
  std::string category_id;
  std::string category;
  std::string currency;
  std::string from_month;  ///< YYYY-MM
  std::int64_t amount_minor = 0;
  bool rollover = false;
};

/// Adds or replaces the row of (category, currency, from_month).
void put_budget(store::Store& st, const Budget& b);
/// Deletes every row of the category (in `currency` when given); returns how many.
int delete_budgets(store::Store& st, const std::string& category_id,
                   const std::optional<std::string>& currency);
/// Each (category, currency)'s budget in force in `month` (YYYY-MM), by category name.
std::vector<Budget> budgets_in_force(store::Store& st, const std::string& month);

/// The get-budget report for `month`, with pace measured against `today`.
mcp::json budget_report(store::Store& st, const std::string& month, const std::string& today);
mcp::json budget_report_schema();

}  // namespace tally::ledger
