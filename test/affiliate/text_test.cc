#include <doctest/doctest.h>

#include "affiliate/text.h"

using namespace tally::affiliate;

TEST_CASE("percents are basis points, exact, at most 2 decimals and 100") {
  std::string e;
  CHECK(parse_percent_bp("15", e) == 1500);
  CHECK(parse_percent_bp("12.5", e) == 1250);
  CHECK(parse_percent_bp("0.25", e) == 25);
  CHECK(parse_percent_bp("12.50", e) == 1250);
  CHECK(parse_percent_bp("100", e) == 10000);
  CHECK(parse_percent_bp("007", e) == 700);
  CHECK_FALSE(parse_percent_bp("12.345", e));
  CHECK(e == "\"12.345\" has 3 decimals; a percent allows 2");
  CHECK_FALSE(parse_percent_bp("100.01", e));
  CHECK(e == "\"100.01\" is over 100 percent");
  CHECK_FALSE(parse_percent_bp("-1", e));
  CHECK_FALSE(parse_percent_bp("1.", e));
  CHECK_FALSE(parse_percent_bp("", e));
  CHECK(format_percent_bp(1500) == "15");
  CHECK(format_percent_bp(1250) == "12.5");
  CHECK(format_percent_bp(25) == "0.25");
  CHECK(format_percent_bp(1205) == "12.05");
}

TEST_CASE("percent_text rounds half-up to 2 decimals") {
  CHECK(percent_text(1, 3) == "33.33");
  CHECK(percent_text(2, 3) == "66.67");
  CHECK(percent_text(1, 8) == "12.50");
  CHECK(percent_text(1, 80000) == "0.00");   // 0.00125 % → 0.00
  CHECK(percent_text(1, 40000) == "0.00");   // 0.0025 % → 0.00 (half-up at the 2nd decimal of the percent)
  CHECK(percent_text(1, 20000) == "0.01");   // 0.005 % → 0.01
  CHECK(percent_text(3, 0) == "");
}

TEST_CASE("URLs, slugs and percent-decoding") {
  CHECK(is_http_url("https://acme.test/x?y=1"));
  CHECK(is_http_url("http://127.0.0.1:8765/api"));
  CHECK_FALSE(is_http_url("ftp://acme.test"));
  CHECK_FALSE(is_http_url("https://"));
  CHECK_FALSE(is_http_url("https://a b.test"));
  CHECK(is_slug("acme-2"));
  CHECK_FALSE(is_slug("Acme"));
  CHECK(percent_decode("a%20b+c%2B") == "a b c+");
  CHECK_FALSE(percent_decode("%2"));
  CHECK_FALSE(percent_decode("%zz"));
}
