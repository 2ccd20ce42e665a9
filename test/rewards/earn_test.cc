#include "rewards/earn.h"

#include <doctest/doctest.h>

#include "rewards/missed.h"

using namespace tally::rewards;

namespace {

Card card(std::string id, std::string type, std::int64_t point_value_mc,
          std::vector<std::pair<std::string, std::int64_t>> rates, std::string currency = "USD") {
  Card c;
  c.id = std::move(id);
  c.display_name = c.id;
  c.reward_type = std::move(type);
  c.currency = std::move(currency);
  c.point_value_mc = point_value_mc;
  c.earn_rates = std::move(rates);
  return c;
}

}  // namespace

TEST_CASE("ledger categories map to the catalog's reward categories") {
  CHECK(default_reward_category("Dining") == "dining");
  CHECK(default_reward_category("GROCERIES") == "grocery");
  CHECK(default_reward_category("  Travel ") == "travel");
  CHECK(default_reward_category("Fuel") == "gas");
  CHECK(default_reward_category("Shopping") == "retail");
  CHECK(default_reward_category("Entertainment") == "entertainment");
  CHECK(default_reward_category("Subscriptions") == "streaming");
  CHECK(default_reward_category("Housing") == "other");
  CHECK(default_reward_category("Uncategorized") == "other");
  CHECK(default_reward_category("") == "other");
}

TEST_CASE("points: rate per whole currency unit, rounded down; the base rate elsewhere") {
  const Card gold =
      card("gold", "points", 1000, {{"dining", 400}, {"grocery", 400}, {"other", 100}});
  CHECK(earn_on(gold, "dining", 5000, 2) == 200);   // $50.00 × 4
  CHECK(earn_on(gold, "grocery", 3010, 2) == 120);  // $30.10 × 4 = 120.4
  CHECK(earn_on(gold, "retail", 10000, 2) == 100);  // no retail rate: 1x
  CHECK(earn_on(gold, "dining", 24, 2) == 0);       // 24¢ × 4 = 0.96 point
  CHECK(earn_on(gold, "dining", 0, 2) == 0);
  CHECK(earn_on(gold, "dining", 500, 0) == 2000);  // ¥500 × 4 in a currency without decimals
  const Card one_and_half = card("cfu", "points", 1000, {{"other", 150}});
  CHECK(earn_on(one_and_half, "gas", 1999, 2) == 29);  // 19.99 × 1.5 = 29.985
  // Large spends do not overflow: 10^15 minor units at 5x.
  CHECK(earn_on(card("big", "points", 1000, {{"other", 500}}), "other", 1000000000000000, 2) ==
        50000000000000);
}

TEST_CASE("cashback: percent of the spend in minor units, rounded down; value of points") {
  const Card dc = card("dc", "cashback", 1000, {{"other", 200}});
  CHECK(earn_on(dc, "dining", 10000, 2) == 200);  // 2% of $100.00
  CHECK(earn_on(dc, "dining", 3010, 2) == 60);    // 60.2¢
  CHECK(value_minor(dc, 60) == 60);
  const Card sapphire = card("csp", "points", 1250, {{"dining", 300}, {"other", 100}});
  CHECK(value_minor(sapphire, 300) == 375);  // 300 × 1.25¢
  CHECK(value_minor(sapphire, 3) == 3);      // 3.75¢ rounded down
  const Card no_rate = card("none", "points", 1000, {});
  CHECK(earn_on(no_rate, "dining", 10000, 2) == 0);
}

TEST_CASE("the best card is the most money, then the lower id, in the spend's currency") {
  const std::vector<Card> wallet = {
      card("b_gold", "points", 1000, {{"dining", 400}, {"other", 100}}),
      card("a_dc", "cashback", 1000, {{"other", 200}}),
      card("c_eur", "cashback", 1000, {{"other", 900}}, "EUR")};
  auto dining = best_card(wallet, "USD", "dining", 5000);
  REQUIRE(dining);
  CHECK(dining->card.id == "b_gold");
  CHECK(dining->amount == 200);
  CHECK(dining->value_minor == 200);
  auto retail = best_card(wallet, "USD", "retail", 10000);
  REQUIRE(retail);
  CHECK(retail->card.id == "a_dc");
  CHECK(retail->value_minor == 200);
  std::vector<Card> twins = wallet;
  twins.push_back(card("a_aa", "cashback", 1000, {{"other", 200}}));  // the same $2.00 as a_dc
  CHECK(best_card(twins, "USD", "retail", 10000)->card.id == "a_aa");
  CHECK_FALSE(best_card(wallet, "JPY", "dining", 100).has_value());
  CHECK(best_card(wallet, "EUR", "dining", 100)->card.id == "c_eur");
}
