#pragma once
// The price table (issue 20 item 3): "on `date`, 1 `base` = `rate` `quote`",
// one row per workspace, pair and day (setting it again replaces it). Rates are
// kept as their exact decimal text and as numerator / 10^scale.
#include <optional>
#include <string>
#include <vector>

#include "ledger/rate_math.h"
#include "mcp/json_rpc.h"
#include "store/migrations.h"
#include "store/store.h"

namespace tally::ledger {

/// Ledger migration 10: the price table.
store::Migration prices_migration();

struct Price {
  std::string base;
  std::string quote;
  std::string date;
  Rate rate;
};

/// Checks every field (clear errors naming the parameter) and writes the price
/// in the caller's transaction; returns it, and whether it replaced one.
std::pair<Price, bool> set_price(store::Store& st, const std::string& base,
                                 const std::string& quote, const std::string& date,
                                 const std::string& rate_text);

/// Prices, ordered by base, quote and date (newest first), after `after_key`
/// (a key this returned) when given; at most `limit`, and whether more follow.
struct PricePage {
  std::vector<Price> prices;
  bool truncated = false;
};
PricePage list_prices(store::Store& st, const std::optional<std::string>& base,
                      const std::optional<std::string>& quote,
                      const std::optional<std::string>& after_key, int limit);
/// Every price of the workspace, oldest first (for exports).
std::vector<Price> all_prices(store::Store& st);

/// The price used to turn `from` into `to` on `date`: the newest direct price
/// (from → to) on or before it, else the newest inverse one (to → from).
struct PriceUse {
  Price price;
  bool inverse = false;
};
std::optional<PriceUse> price_on_or_before(store::Store& st, const std::string& from,
                                           const std::string& to, const std::string& date);

/// `{key, base, quote, date, rate}`, and its schema.
mcp::json price_json(const Price& p);
mcp::json price_schema();
/// The cursor key of a price: "BASE/QUOTE/DATE".
std::string price_key(const Price& p);

}  // namespace tally::ledger
