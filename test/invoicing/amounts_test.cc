#include <doctest/doctest.h>

#include "invoicing/amounts.h"

using namespace tally::invoicing;

TEST_CASE("quantities and percents parse exactly into scaled integers") {
  std::string err;
  CHECK(parse_scaled("2.5", 3, 1'000'000'000'000, err) == 2500);
  CHECK(parse_scaled("1", 3, 1'000'000'000'000, err) == 1000);
  CHECK(parse_scaled("0.001", 3, 1'000'000'000'000, err) == 1);
  CHECK(parse_scaled("2.5000", 3, 1'000'000'000'000, err) == 2500);  // trailing zeros lose nothing
  CHECK(parse_scaled("8.875", 4, 1'000'000, err) == 88750);
  CHECK(parse_scaled("100", 4, 1'000'000, err) == 1'000'000);
}

TEST_CASE("a decimal the scale cannot hold is an error, never rounded") {
  std::string err;
  CHECK_FALSE(parse_scaled("1.2345", 3, 1'000'000'000'000, err));
  CHECK(err == "\"1.2345\" has 4 decimals; at most 3 are allowed");
  CHECK_FALSE(parse_scaled("100.5", 4, 1'000'000, err));
  CHECK(err == "\"100.5\" is too large (at most 100)");
  CHECK_FALSE(parse_scaled("-1", 3, 1000, err));
  CHECK(err == "\"-1\" is not a non-negative decimal number (expected digits such as \"2.5\")");
  CHECK_FALSE(parse_scaled("1.", 3, 1000, err));
  CHECK_FALSE(parse_scaled("", 3, 1000, err));
  CHECK_FALSE(parse_scaled("1e3", 3, 1000, err));
}

TEST_CASE("line amounts round half up to the minor unit") {
  CHECK(line_amount(1000, 2500) == 2500);   // 10.00 × 2.5 = 25.00
  CHECK(line_amount(333, 1500) == 500);     // 3.33 × 1.5 = 4.995 → 5.00
  CHECK(line_amount(333, 1499) == 499);     // 4.99167 → 4.99
  CHECK(line_amount(1, 500) == 1);          // 0.005 → 0.01 (half up)
  CHECK(line_amount(1, 499) == 0);
  CHECK(line_amount(1'000'000'000'000'000, 1'000'000) == std::nullopt);  // beyond 10^15, no wrap
}

TEST_CASE("tax and gratuity are half-up percentages of the subtotal") {
  CHECK(rate_amount(10000, 88750) == 888);   // 100.00 × 8.875% = 8.875 → 8.88
  CHECK(rate_amount(10000, 180000) == 1800); // 18%
  CHECK(rate_amount(3, 500000) == 2);        // 0.015 → 0.02
  CHECK(rate_amount(12345, 0) == 0);
  CHECK(percent_from_ppm(88750) == "8.875");
  CHECK(percent_from_ppm(180000) == "18");
  CHECK(percent_from_ppm(0) == "0");
  CHECK(format_scaled(2500, 3) == "2.5");
  CHECK(format_scaled(1, 3) == "0.001");
}
