#include "rewards/units.h"

#include <doctest/doctest.h>

using namespace tally::rewards;

TEST_CASE("scaled numbers print as the seed shows them") {
  CHECK(scaled_number(9500, 2).dump() == "95");
  CHECK(scaled_number(1250, 3).dump() == "1.25");
  CHECK(scaled_number(1250, 2).dump() == "12.5");
  CHECK(scaled_number(7, 2).dump() == "0.07");
  CHECK(scaled_number(0, 2).dump() == "0");
}

TEST_CASE("scaled text is exact and trimmed") {
  CHECK(scaled_text(375000, 5) == "3.75");
  CHECK(scaled_text(200, 2) == "2");
  CHECK(scaled_text(187500, 5) == "1.875");
  CHECK(scaled_text(1250, 2) == "12.5");
}

TEST_CASE("points are whole numbers") {
  std::string error;
  CHECK(parse_points("1000", error) == 1000);
  CHECK(parse_points("10.0", error) == 10);
  CHECK(!parse_points("10.5", error));
  CHECK(error == "points are whole numbers (got 10.5)");
  CHECK(!parse_points("-3", error));
  CHECK(error == "must not be negative (got -3)");
}

TEST_CASE("percent and point values parse exactly") {
  std::string error;
  CHECK(parse_scaled("12.5", 2, error) == 1250);
  CHECK(parse_scaled("1.25", 3, error) == 1250);
  CHECK(!parse_scaled("1.2345", 3, error));
  CHECK(error == "\"1.2345\" has too many decimals (at most 3)");
}

TEST_CASE("money in sentences") {
  CHECK(money_text(1500, *tally::store::find_currency("USD")) == "$15.00");
  CHECK(money_text(1500, *tally::store::find_currency("EUR")) == "15.00 EUR");
}
