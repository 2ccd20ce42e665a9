#include "rewards/recommendation.h"

#include <algorithm>

namespace tally::rewards {

std::optional<std::int64_t> offer_reward(const Offer& offer, std::int64_t amount_minor) {
  if (offer.min_spend_minor && amount_minor < *offer.min_spend_minor) return std::nullopt;
  if (offer.kind == "fixed") return offer.value;
  std::int64_t reward = amount_minor * offer.value / 10000;  // amount ≤ 10⁷, bp ≤ 10⁴: no overflow
  if (offer.max_reward_minor) reward = std::min(reward, *offer.max_reward_minor);
  return reward;
}

std::int64_t earn_percent_scaled(const Card& card, std::int64_t rate) {
  return rate * (card.is_points() ? card.point_value_mc : 1000);
}

namespace {

Estimate estimate(const Recommendation& r, std::int64_t amount) {
  Estimate e;
  e.amount_minor = amount;
  if (r.offer) e.offer_reward_minor = offer_reward(*r.offer, amount).value_or(0);
  if (r.card.is_points()) {
    e.points = amount * r.earn_rate / 10000;  // cents × (rate/100) per dollar
    e.earn_reward_minor = *e.points * r.card.point_value_mc / 1000;
  } else {
    e.earn_reward_minor = amount * r.earn_rate / 10000;
  }
  e.total_minor = e.offer_reward_minor + e.earn_reward_minor;
  if (amount > 0) e.effective_percent_hundredths = (e.total_minor * 20000 + amount) / (2 * amount);
  return e;
}

}  // namespace

std::vector<Recommendation> recommend(const std::vector<Card>& cards, const std::vector<Offer>& offers,
                                      const std::optional<std::string>& category,
                                      std::optional<std::int64_t> amount_minor, std::size_t limit) {
  const std::int64_t valued_on = amount_minor.value_or(kAssumedAmountMinor);
  std::vector<Recommendation> ranked;
  for (const auto& card : cards) {
    Recommendation r{card, std::nullopt, 0, "other", card.earn_rate("other"), std::nullopt};
    if (category && *category != "other")
      for (const auto& [c, rate] : card.earn_rates)
        if (c == *category && rate > 0) {
          r.earn_category = *category;
          r.earn_rate = rate;
        }
    for (const auto& offer : offers) {
      if (offer.card_id != card.id) continue;
      Offer valued = offer;
      if (!amount_minor) valued.min_spend_minor.reset();  // unknown purchase: the minimum can't disqualify
      auto value = offer_reward(valued, valued_on);
      if (value && (!r.offer || *value > r.offer_value_minor)) {
        r.offer = offer;
        r.offer_value_minor = *value;
      }
    }
    ranked.push_back(std::move(r));
  }
  auto point_value = [](const Card& c) { return c.is_points() ? c.point_value_mc : 1000; };
  std::sort(ranked.begin(), ranked.end(), [&](const Recommendation& a, const Recommendation& b) {
    if (a.offer.has_value() != b.offer.has_value()) return a.offer.has_value();
    if (a.offer_value_minor != b.offer_value_minor) return a.offer_value_minor > b.offer_value_minor;
    // What the purchase earns in money, not the point value alone: a 1.25¢ point
    // at 1x (1.25%) must not beat 2% cashback.
    const auto a_back = earn_percent_scaled(a.card, a.earn_rate), b_back = earn_percent_scaled(b.card, b.earn_rate);
    if (a_back != b_back) return a_back > b_back;
    if (point_value(a.card) != point_value(b.card)) return point_value(a.card) > point_value(b.card);
    if (a.earn_rate != b.earn_rate) return a.earn_rate > b.earn_rate;
    return a.card.id < b.card.id;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  if (amount_minor)
    for (auto& r : ranked) r.estimate = estimate(r, *amount_minor);
  return ranked;
}

}  // namespace tally::rewards
