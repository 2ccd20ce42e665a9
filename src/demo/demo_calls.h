#pragma once
// What each part of the demo uses: tool calls that must succeed, and days
// relative to today.
#include <cstdint>
#include <string>

#include "app/runtime.h"
#include "mcp/json_rpc.h"

namespace tally::demo {

class DemoCalls {
 public:
  explicit DemoCalls(app::Runtime& runtime);

  /// Runs `tool` in-process; returns its structuredContent. Throws
  /// std::runtime_error("demo data: TOOL: <the tool's error>").
  mcp::json operator()(const std::string& tool, const mcp::json& arguments);

  /// Today plus `offset` days (negative: the past), YYYY-MM-DD, UTC.
  std::string day(int offset) const;
  /// `days_ago` days and `hours_ago` hours before now, in epoch ms.
  std::int64_t ms_ago(int days_ago, int hours_ago) const;

  store::Store& store() { return runtime_.store(); }

 private:
  app::Runtime& runtime_;
};

void add_personal(DemoCalls& call);   ///< ledger: accounts, spending, splits, a loan
void add_cards(DemoCalls& call);      ///< rewards: cards, perks, offers
void add_business(DemoCalls& call);   ///< invoicing: customers, invoices, payments, expenses
void add_affiliate(DemoCalls& call);  ///< affiliate: a brand, partners, clicks, conversions
void add_trip(DemoCalls& call);       ///< ledger: a reconciled checking account, a EUR trip, EUR/USD prices

}  // namespace tally::demo
