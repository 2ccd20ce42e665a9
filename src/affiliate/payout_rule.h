#pragma once
// What a partner earns per conversion: a fixed amount (minor units of the brand
// currency) or a percent of the sale (basis points, paid half-up:
// payout = round_half_up(sale × bp / 10000)). Precedence when a conversion is
// recorded: the partner's override on the offer, else the event's override,
// else the offer's default; the result is stored on the conversion and never
// recomputed (domain.md §2 Trcker).
#include <cstdint>
#include <string>

#include "affiliate/brand.h"
#include "mcp/args.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct PayoutRule {
  std::string type;         ///< fixed or percent
  std::int64_t value = 0;   ///< fixed: minor units; percent: basis points

  bool operator==(const PayoutRule&) const = default;
};

/// Reads `payoutType` and `payout` ("12.50" for fixed, "15" or "12.5" for percent).
/// Throws mcp::ToolError: `payout: "10.005" has 3 decimals; USD allows 2`.
PayoutRule parse_payout_rule(const mcp::Args& args, const std::string& type, const Brand& brand);

/// {type:"fixed", amount:{amountMinor,amount,currency}} or {type:"percent", percent:"15", basisPoints:1500}.
mcp::json payout_rule_json(const PayoutRule& rule, const Brand& brand);

/// The payout a sale earns under `rule`, half-up for percents.
std::int64_t payout_for(const PayoutRule& rule, std::int64_t sale_minor);

/// The rule in force for (offer, partner, event) by the precedence above, and where it came from.
struct EffectiveRule {
  PayoutRule rule;
  std::string source;  ///< partner, event or offer
};
EffectiveRule effective_rule(store::Store& st, const std::string& offer_id, const std::string& partner_id,
                             const std::string& event_type);

}  // namespace tally::affiliate
