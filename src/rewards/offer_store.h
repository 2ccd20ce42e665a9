#pragma once
// Merchant offers attached to cards (Amex Offers, Chase Offers, BoA Deals;
// seed 001 list_offers). Merchants are matched case-insensitively by
// instr() on a Unicode-folded column (util/fold.h), so "%" and "_" are plain text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::rewards {

/// Stored expires_on of an offer with no end date.
inline constexpr const char* kNoExpiry = "9999-12-31";

struct Offer {
  std::string id, card_id, card_name, merchant, category, kind, description, currency;
  std::int64_t value = 0;  ///< percent: basis points (10% → 1000); fixed: minor units
  std::optional<std::int64_t> min_spend_minor, max_reward_minor;
  std::string expires_on = kNoExpiry;
  std::optional<std::string> used_at;
};

/// Inserts the offer (id, card and fields set by the caller).
void insert_offer(store::Store& st, const Offer& offer, const std::string& merchant_fold);

struct OfferFilter {
  std::optional<std::string> category;
  std::optional<std::string> merchant_fold;  ///< folded substring
  bool include_used = false;
  bool include_expired = false;
  int limit = 100;
};

struct OfferPage {
  std::vector<Offer> rows;  ///< soonest expiry first, open-ended last
  bool truncated = false;
};

OfferPage list_offers(store::Store& st, const OfferFilter& filter, const std::string& today);

/// Unused, unexpired offers whose merchant contains the folded query or is
/// contained in it ("Starbucks" matches "starbucks #1234"), for recommendations.
std::vector<Offer> active_offers_matching(store::Store& st, const std::string& merchant_fold,
                                          const std::string& today);

/// "10% back at Starbucks, up to $15.00" / "Spend $50.00, get $10.00 back at Hilton".
std::string describe_offer(const Offer& offer);

mcp::json offer_json(const Offer& offer, const std::string& today);
mcp::json offer_schema();

}  // namespace tally::rewards
