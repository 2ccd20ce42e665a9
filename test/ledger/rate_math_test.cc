// Exact conversion (src/ledger/rate_math.cc): parsing rates from text, exact
// fractions, half-to-even rounding once, inverse rates and refused overflow.
#include <doctest/doctest.h>

#include "ledger/rate_math.h"

using namespace tally::ledger;

namespace {

Rate rate(const char* text) {
  std::string error;
  auto r = parse_rate(text, error);
  REQUIRE_MESSAGE(r, error);
  return *r;
}

std::string refused(const char* text) {
  std::string error;
  CHECK_FALSE(parse_rate(text, error));
  return error;
}

}  // namespace

TEST_CASE("parse_rate keeps the exact decimal and drops trailing zeros") {
  CHECK(rate("1.0834").numerator == 10834);
  CHECK(rate("1.0834").scale == 4);
  CHECK(rate("1.50").numerator == 15);
  CHECK(rate("1.50").scale == 1);
  CHECK(rate("160").scale == 0);
  CHECK(rate_text(rate("0.000012")) == "0.000012");
  CHECK(rate_text(rate("1.0800")) == "1.08");
  CHECK(rate_text(rate("999999999999999999")) == "999999999999999999");
  CHECK(refused("0") == "\"0\" is zero; a rate is greater than 0");
  CHECK(refused("-2") == "\"-2\" is negative; a rate is greater than 0");
  CHECK(refused("1.") == "\"1.\" is not a plain decimal such as \"1.0834\"");
  CHECK(refused("1e5") == "\"1e5\" is not a plain decimal such as \"1.0834\"");
  CHECK(refused("1234567890123456789") == "\"1234567890123456789\" has 19 significant digits; at most 18");
  CHECK(refused("0.0000000000000000001") == "\"0.0000000000000000001\" has 19 decimals; at most 18");
}

TEST_CASE("convert is exact and rounds once, half to even") {
  // 170.00 EUR at 1.0825 = 184.025 USD: a tie, to the even cent.
  Fraction f = convert(17000, 2, 2, rate("1.0825"), false);
  CHECK(round_half_even(f) == 18402);
  CHECK(round_half_even(convert(17000, 2, 2, rate("1.0835"), false)) == 18420);  // 184.195 → 184.20
  CHECK(round_half_even(convert(-17000, 2, 2, rate("1.0825"), false)) == -18402);
  CHECK(round_half_even(convert(-5, 2, 0, rate("1"), false)) == 0);   // -0.05 → 0
  CHECK(round_half_even(convert(150, 2, 0, rate("1"), false)) == 2);  // 1.5 → 2
  CHECK(round_half_even(convert(250, 2, 0, rate("1"), false)) == 2);  // 2.5 → 2
  // Inverse: 780.00 USD at 1 EUR = 1.0825 USD is 720.554… EUR.
  CHECK(round_half_even(convert(78000, 2, 2, rate("1.0825"), true)) == 72055);
  // Exponents: 1000 JPY at 1 JPY = 0.0062 USD; 1.000 KWD at 3.25 USD.
  CHECK(round_half_even(convert(1000, 0, 2, rate("0.0062"), false)) == 620);
  CHECK(round_half_even(convert(1000, 3, 2, rate("3.25"), false)) == 325);
  // Summing exact fractions then rounding once differs from rounding each.
  Fraction a = convert(1, 2, 2, rate("0.5"), false), b = convert(1, 2, 2, rate("0.5"), false);
  CHECK(round_half_even(a) + round_half_even(b) == 0);
  CHECK(round_half_even(add(a, b)) == 1);
}

TEST_CASE("an overflow is refused, never wrapped") {
  // 9·10^18 minor units × a rate just under 10^18 × 10^4 is beyond 128 bits.
  CHECK_THROWS_AS(convert(9'000'000'000'000'000'000, 0, 4, rate("999999999999999999"), false), ConversionOverflow);
  // Fits in 128 bits but not in int64 once converted.
  CHECK_THROWS_AS(round_half_even(convert(1'000'000'000'000'000, 2, 2, rate("100000"), false)), ConversionOverflow);
}
