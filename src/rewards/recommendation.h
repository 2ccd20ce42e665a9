#pragma once
// Which cards to use at a merchant (seed 001, recommend_card_for_merchant):
// "Active merchant offers win first; otherwise the highest point-value card
// wins." Pure functions over loaded cards and offers, so the ranking and its
// integer %-back math are tested without a database.
//
// Order: cards with an active matching offer first, by the offer's reward on
// the purchase — min(amount × bp / 10⁴, cap) for percent offers, the fixed
// value for fixed ones, on $100.00 when no amount is given — then by what the
// purchase earns in money (the category's earn rate × pointValueCents; cashback
// counts as 1¢), then pointValueCents, then the earn rate, then card id. This
// departs from the seed's literal "highest point-value card wins", which put a
// 1.25%-back card above a 2% one against the tool's own estimates (README,
// "Recommendations"). With an amount, an unmet minimum spend disqualifies an offer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rewards/card_store.h"
#include "rewards/offer_store.h"

namespace tally::rewards {

/// The purchase an offer is valued on when the caller gives no amount: $100.00.
inline constexpr std::int64_t kAssumedAmountMinor = 10000;

struct Estimate {
  std::int64_t amount_minor = 0;
  std::int64_t offer_reward_minor = 0;
  std::optional<std::int64_t> points;  ///< points earned (points cards)
  std::int64_t earn_reward_minor = 0;  ///< their value, or the cashback, rounded down
  std::int64_t total_minor = 0;
  /// total / amount as a percent, ×100, half-up (1375 = 13.75%); nullopt when amount is 0.
  std::optional<std::int64_t> effective_percent_hundredths;
};

struct Recommendation {
  Card card;
  std::optional<Offer> offer;        ///< the card's best qualifying offer
  std::int64_t offer_value_minor = 0;  ///< what ranked it (on kAssumedAmountMinor without an amount)
  std::string earn_category;         ///< the category whose rate applies ("other" = base rate)
  std::int64_t earn_rate = 0;        ///< ×100
  std::optional<Estimate> estimate;  ///< when an amount was given
};

/// An offer's reward on a purchase of `amount_minor`; nullopt when its minimum
/// spend is not met.
std::optional<std::int64_t> offer_reward(const Offer& offer, std::int64_t amount_minor);

/// Percent back of earning alone, ×10⁵: rate ×100 × point value in millicents
/// (3x at 1.25¢ → 375000 = 3.75%).
std::int64_t earn_percent_scaled(const Card& card, std::int64_t rate);

/// The top `limit` cards, best first. `offers` are the active offers matching
/// the merchant, any card.
std::vector<Recommendation> recommend(const std::vector<Card>& cards, const std::vector<Offer>& offers,
                                      const std::optional<std::string>& category,
                                      std::optional<std::int64_t> amount_minor, std::size_t limit = 3);

}  // namespace tally::rewards
