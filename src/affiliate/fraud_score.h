#pragma once
// The deterministic fraud score (domain.md §2 Trcker, ours): computed once,
// when a conversion is recorded, from rows already in the ledger, and stored
// with its reasons. Points per rule, summed and capped at 100:
//   click_to_conversion_under_10s   +40  the attributed click was under 10 s earlier
//   ip_over_3_conversions_24h       +30  3 or more conversions from the click's IP in the 24 h before
//   txn_id_seen                     +50  the txn_id was already recorded for the brand (another offer)
//   amount_over_10x_median          +20  sale over 10× the median sale of the offer's earlier
//                                        conversions (once it has 5 or more; lower median)
//   coupon_exhausted/coupon_expired +30  the postback named a coupon that can no longer be used
// Flagged when the score reaches the brand's threshold (and the mode is not off).
#include <cstdint>
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct FraudSignals {
  std::string offer_id;
  std::int64_t at_ms = 0;
  std::optional<std::int64_t> click_ms;
  std::optional<std::string> ip;
  std::optional<std::string> txn_ref;
  std::int64_t sale_minor = 0;
  std::string coupon_problem;  ///< "", "exhausted" or "expired"
};

struct FraudResult {
  int score = 0;
  mcp::json reasons = mcp::json::array();
};

FraudResult score_conversion(store::Store& st, const Brand& brand, const FraudSignals& signals);

/// The rules above as data, for get_fraud_settings.
mcp::json fraud_rules_json();

}  // namespace tally::affiliate
