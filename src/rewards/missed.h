#pragma once
// rewards_missed (issue 21): for each reward category, what the purchases
// charged to linked cards in a period earned, against what the best card in
// the wallet would have earned on the same spend, in money at each card's
// pointValueCents. Voided purchases are left out; exact integer money.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rewards/card_store.h"
#include "store/store.h"

namespace tally::rewards {

struct CardEarn {
  Card card;
  std::int64_t amount = 0;       ///< points, or cashback in minor units
  std::int64_t value_minor = 0;  ///< its worth (earn.h value_minor)
};

struct MissedRow {
  std::string category;  ///< reward category
  std::string currency;
  std::int64_t spend_minor = 0;
  std::vector<CardEarn> earned;  ///< per card that earned on it
  std::int64_t earned_minor = 0;
  std::optional<CardEarn> best;   ///< the wallet's best card on the whole spend
  std::int64_t missed_minor = 0;  ///< best − earned, never below 0
};

/// The rows for purchases dated start..end (inclusive), by currency then
/// category; `cards` is the wallet the best card is picked from.
std::vector<MissedRow> missed_rewards(store::Store& st, const std::vector<Card>& cards,
                                      const std::string& start, const std::string& end);

/// The best of `cards` in `currency` for `spend_minor` in `category`: the most
/// money, then the lower card id. nullopt when no card has that currency.
std::optional<CardEarn> best_card(const std::vector<Card>& cards, const std::string& currency,
                                  const std::string& category, std::int64_t spend_minor);

}  // namespace tally::rewards
