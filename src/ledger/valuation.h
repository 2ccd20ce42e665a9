#pragma once
// Valuation (issue 20 item 3): reports' amounts converted into one currency with
// the price on or before a date (prices.h), exactly (rate_math.h), rounded once
// per figure, half to even, to the target currency's exponent. A missing price
// is listed, never guessed: that amount is left out of the converted figures,
// and `complete` says so.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/prices.h"
#include "ledger/rate_math.h"
#include "mcp/args.h"
#include "mcp/schema.h"
#include "store/store.h"

namespace tally::ledger {

struct ValuationSpec {
  std::string currency;
  std::optional<std::string> date;
};

/// The `valuation` argument, checked (known currency, real date), or nullopt.
std::optional<ValuationSpec> valuation_arg(const mcp::Args& a);
/// Its schema field; `date_rule` says what the date defaults to.
mcp::schema::Field valuation_field(const std::string& date_rule);

class Valuer {
 public:
  Valuer(store::Store& st, std::string target);

  /// The exact value of `minor` units of `currency` on `date`, or nullopt when
  /// no price on or before `date` links it to the target (recorded as missing).
  std::optional<Fraction> value(std::int64_t minor, const std::string& currency,
                                const std::string& date);
  /// A money object of the target currency: `f` rounded half to even.
  mcp::json money(const Fraction& f) const;
  const std::string& currency() const { return target_; }
  bool complete() const { return missing_.empty(); }

  /// `{currency, rule, complete, missingPrices, pricesUsed}` plus `date` when given.
  mcp::json summary(const std::string& rule, const std::optional<std::string>& date) const;

 private:
  store::Store& st_;
  std::string target_;
  int exponent_;
  std::map<std::pair<std::string, std::string>, std::optional<PriceUse>>
      cache_;                                                  // (currency, date)
  std::set<std::pair<std::string, std::string>> missing_;      // (currency, date)
  std::set<std::tuple<std::string, std::string, bool>> used_;  // key, rate, inverse
};

/// The output schema of Valuer::summary.
mcp::json valuation_schema();
/// valuation_schema() plus `totals`: money objects named `names`.
mcp::json valued_totals_schema(const std::vector<std::string>& names);
/// `line` (an object schema) plus an optional `value`: the line's amount valued.
mcp::json valued_account_schema(mcp::json line);

}  // namespace tally::ledger
