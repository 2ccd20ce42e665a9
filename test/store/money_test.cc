#include <doctest/doctest.h>

#include <stdexcept>

#include "store/money.h"

using namespace tally::store;

namespace {
Currency cur(const char* code) { return *find_currency(code); }
std::optional<std::int64_t> parse(const char* text, const char* code, std::string& err) {
  return parse_minor(text, cur(code), err);
}
}  // namespace

TEST_CASE("decimal text parses exactly into minor units") {
  std::string err;
  CHECK(parse("65.02", "USD", err) == 6502);
  CHECK(parse("0.1", "USD", err) == 10);
  CHECK(parse("-3", "USD", err) == -300);
  CHECK(parse("1.234", "KWD", err) == 1234);
  CHECK(parse("1000", "JPY", err) == 1000);
  CHECK(parse("10.500", "USD", err) == 1050);  // trailing zeros lose nothing
  CHECK(parse("1.5e1", "USD", err) == 1500);   // a JSON number's exponent form
  CHECK(parse("0.0001", "CLF", err) == 1);
}

TEST_CASE("too many decimals is an error, never rounded") {
  std::string err;
  CHECK_FALSE(parse("10.005", "USD", err));
  CHECK(err == "\"10.005\" has 3 decimals; USD allows 2");
  CHECK_FALSE(parse("1000.5", "JPY", err));
  CHECK(err == "\"1000.5\" has 1 decimal; JPY allows 0");
  CHECK_FALSE(parse("1.2345", "KWD", err));
  CHECK(err == "\"1.2345\" has 4 decimals; KWD allows 3");
}

TEST_CASE("malformed and oversized amounts are refused with a reason") {
  std::string err;
  for (const char* bad : {"", "abc", "1.", ".5", "1,00", "--1", "1e", "0x10", " 1", "1 "}) {
    CAPTURE(bad);
    CHECK_FALSE(parse(bad, "USD", err));
    CHECK(err.find("is not a decimal number") != std::string::npos);
  }
  CHECK(parse("10000000000000.00", "USD", err) == kMaxMinor);
  CHECK_FALSE(parse("10000000000000.01", "USD", err));
  CHECK(err.find("is too large") != std::string::npos);
  CHECK_FALSE(parse("1e30", "USD", err));
}

TEST_CASE("formatting shows the currency's decimals") {
  CHECK(format_minor(3334, 2) == "33.34");
  CHECK(format_minor(-5, 2) == "-0.05");
  CHECK(format_minor(0, 2) == "0.00");
  CHECK(format_minor(1234, 3) == "1.234");
  CHECK(format_minor(1000, 0) == "1000");
  CHECK(format_minor(INT64_MIN, 2) == "-92233720368547758.08");
}

TEST_CASE("0.1 summed ten times is exactly 1.00") {
  std::string err;
  std::int64_t total = 0;
  for (int i = 0; i < 10; ++i) total = checked_add(total, *parse("0.1", "USD", err));
  CHECK(total == 100);
}

TEST_CASE("checked arithmetic surfaces overflow") {
  CHECK_THROWS_AS(checked_add(INT64_MAX, 1), std::overflow_error);
  CHECK_THROWS_AS(checked_mul(INT64_MAX / 2, 3), std::overflow_error);
}

TEST_CASE("an even split sums to the total and differs by at most one unit") {
  auto shares = split_evenly(10000, 3);
  REQUIRE(shares.size() == 3);
  CHECK(shares[0] == 3334);
  CHECK(shares[1] == 3333);
  CHECK(shares[2] == 3333);
  auto tiny = split_evenly(1, 3);
  CHECK(tiny == std::vector<std::int64_t>{1, 0, 0});
}

TEST_CASE("currency table knows the exponents") {
  CHECK(cur("JPY").exponent == 0);
  CHECK(cur("USD").exponent == 2);
  CHECK(cur("BHD").exponent == 3);
  CHECK(cur("UYW").exponent == 4);
  CHECK_FALSE(find_currency("XXX"));
  CHECK_FALSE(find_currency("usd"));
}
