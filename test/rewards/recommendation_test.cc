#include "rewards/recommendation.h"

#include <doctest/doctest.h>

using namespace tally::rewards;

namespace {

Card card(std::string id, std::string type, std::int64_t point_value_mc,
          std::vector<std::pair<std::string, std::int64_t>> rates) {
  Card c;
  c.id = std::move(id);
  c.display_name = c.id;
  c.reward_type = std::move(type);
  c.currency = "USD";
  c.point_value_mc = point_value_mc;
  c.earn_rates = std::move(rates);
  return c;
}

Offer percent_offer(std::string card_id, std::int64_t bp, std::optional<std::int64_t> cap = std::nullopt,
                    std::optional<std::int64_t> min_spend = std::nullopt) {
  Offer o;
  o.id = "ofr_" + card_id;
  o.card_id = std::move(card_id);
  o.kind = "percent";
  o.value = bp;
  o.max_reward_minor = cap;
  o.min_spend_minor = min_spend;
  o.currency = "USD";
  return o;
}

}  // namespace

TEST_CASE("an active offer beats a higher point value") {
  std::vector<Card> cards = {card("crd_a", "points", 2000, {{"other", 100}}),
                             card("crd_b", "cashback", 1000, {{"other", 100}})};
  auto ranked = recommend(cards, {percent_offer("crd_b", 500)}, std::nullopt, std::nullopt);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].card.id == "crd_b");
  CHECK(ranked[0].offer_value_minor == 500);  // 5% of the assumed $100.00
  CHECK(ranked[1].card.id == "crd_a");
}

TEST_CASE("without offers: money earned (rate × point value), then point value, rate, id; top three only") {
  std::vector<Card> cards = {card("crd_d", "points", 1000, {{"dining", 400}, {"other", 100}}),
                             card("crd_c", "points", 1000, {{"other", 100}}),
                             card("crd_a", "points", 1250, {{"other", 100}}),
                             card("crd_b", "cashback", 1000, {{"other", 150}})};
  auto ranked = recommend(cards, {}, std::string("dining"), std::nullopt);
  REQUIRE(ranked.size() == 3);
  CHECK(ranked[0].card.id == "crd_d");  // 4x dining at 1¢: 4%
  CHECK(ranked[0].earn_category == "dining");
  CHECK(ranked[1].card.id == "crd_b");  // 1.5% cashback
  CHECK(ranked[1].earn_category == "other");
  CHECK(ranked[2].card.id == "crd_a");  // 1x at 1.25¢: 1.25%
}

TEST_CASE("a 2% card beats a 1.25%-back one at Costco, as the estimates say") {
  std::vector<Card> cards = {card("crd_pts", "points", 1250, {{"other", 100}}),
                             card("crd_two", "cashback", 1000, {{"other", 200}})};
  auto ranked = recommend(cards, {}, std::string("grocery"), std::int64_t{10000});
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].card.id == "crd_two");
  REQUIRE(ranked[0].estimate);
  REQUIRE(ranked[1].estimate);
  CHECK(ranked[0].estimate->total_minor == 200);
  CHECK(ranked[1].estimate->total_minor == 125);
  // The order agrees with the estimates it prints.
  CHECK(ranked[0].estimate->total_minor > ranked[1].estimate->total_minor);
}

TEST_CASE("equal money earned: the higher point value first") {
  std::vector<Card> cards = {card("crd_a", "points", 1000, {{"other", 200}}),  // 2x at 1¢
                             card("crd_b", "points", 2000, {{"other", 100}})};  // 1x at 2¢
  auto ranked = recommend(cards, {}, std::nullopt, std::nullopt);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].card.id == "crd_b");
}

TEST_CASE("the %-back math with an amount is exact integer arithmetic") {
  // Sapphire-like: 3x dining at 1.25¢, plus 10% back capped at $15.00.
  std::vector<Card> cards = {card("crd_a", "points", 1250, {{"dining", 300}, {"other", 100}})};
  auto ranked = recommend(cards, {percent_offer("crd_a", 1000, 1500)}, std::string("dining"), 10000);
  REQUIRE(ranked.size() == 1);
  const Estimate& e = *ranked[0].estimate;
  CHECK(e.offer_reward_minor == 1000);
  CHECK(*e.points == 300);
  CHECK(e.earn_reward_minor == 375);
  CHECK(e.total_minor == 1375);
  CHECK(*e.effective_percent_hundredths == 1375);
  CHECK(earn_percent_scaled(ranked[0].card, ranked[0].earn_rate) == 375000);  // 3.75%

  // $200.00: the offer hits its cap.
  ranked = recommend(cards, {percent_offer("crd_a", 1000, 1500)}, std::string("dining"), 20000);
  CHECK(ranked[0].estimate->offer_reward_minor == 1500);
  CHECK(ranked[0].estimate->total_minor == 2250);
  CHECK(*ranked[0].estimate->effective_percent_hundredths == 1125);

  // $33.33 on a 1.5% cashback card: 49.995¢ rounds down to 49¢; 1.47% half-up.
  cards = {card("crd_b", "cashback", 1000, {{"other", 150}})};
  ranked = recommend(cards, {}, std::nullopt, 3333);
  CHECK(ranked[0].estimate->earn_reward_minor == 49);
  CHECK(*ranked[0].estimate->effective_percent_hundredths == 147);
  CHECK(!ranked[0].estimate->points.has_value());

  ranked = recommend(cards, {}, std::nullopt, 0);
  CHECK(!ranked[0].estimate->effective_percent_hundredths.has_value());
}

TEST_CASE("an unmet minimum spend disqualifies an offer only when the amount is known") {
  std::vector<Card> cards = {card("crd_a", "points", 2000, {{"other", 100}}),
                             card("crd_b", "cashback", 1000, {{"other", 100}})};
  std::vector<Offer> offers = {percent_offer("crd_b", 2000, std::nullopt, 5000)};
  CHECK(recommend(cards, offers, std::nullopt, 4999)[0].card.id == "crd_a");
  CHECK(recommend(cards, offers, std::nullopt, 5000)[0].card.id == "crd_b");
  CHECK(recommend(cards, offers, std::nullopt, std::nullopt)[0].card.id == "crd_b");
}

TEST_CASE("offers rank by their reward on the purchase") {
  std::vector<Card> cards = {card("crd_a", "points", 1000, {{"other", 100}}),
                             card("crd_b", "points", 1000, {{"other", 100}})};
  Offer fixed;
  fixed.id = "ofr_fixed";
  fixed.card_id = "crd_a";
  fixed.kind = "fixed";
  fixed.value = 1000;  // $10.00
  std::vector<Offer> offers = {fixed, percent_offer("crd_b", 500)};
  CHECK(recommend(cards, offers, std::nullopt, 10000)[0].card.id == "crd_a");   // $10 vs $5
  CHECK(recommend(cards, offers, std::nullopt, 100000)[0].card.id == "crd_b");  // $10 vs $50
}
