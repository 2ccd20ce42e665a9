#include <doctest/doctest.h>

#include "util/calendar.h"

using namespace tally::util;

TEST_CASE("dates from 1900-01-01 to 2199-12-31 are accepted, and no others") {
  CHECK(is_real_date("1900-01-01"));
  CHECK(is_real_date("2199-12-31"));
  CHECK(is_real_date("2024-02-29"));
  CHECK_FALSE(is_real_date("1899-12-31"));
  CHECK_FALSE(is_real_date("2200-01-01"));
  CHECK_FALSE(is_real_date("0001-01-01"));
  CHECK_FALSE(is_real_date("9999-12-31"));
  CHECK_FALSE(is_datetime("9999-12-31T00:00:00Z"));
  CHECK(is_datetime("2199-12-31T23:59:59Z"));
  CHECK(is_calendar_day("0001-01-01"));
}

TEST_CASE("the reason names the range for a real day outside it") {
  CHECK(date_problem("2026-01-15") == "");
  CHECK(date_problem("9999-12-31") ==
        "is outside the dates Tally accepts (1900-01-01 to 2199-12-31)");
  CHECK(date_problem("0001-01-01") ==
        "is outside the dates Tally accepts (1900-01-01 to 2199-12-31)");
  CHECK(date_problem("2025-02-30") == "is not a real calendar date (expected YYYY-MM-DD)");
  CHECK(date_problem("yesterday") == "is not a real calendar date (expected YYYY-MM-DD)");
  CHECK(datetime_problem("0001-01-01T00:00:00Z") ==
        "is outside the dates Tally accepts (1900-01-01 to 2199-12-31)");
  CHECK(datetime_problem("2026-01-01") ==
        "is not an ISO 8601 date-time (expected YYYY-MM-DDTHH:MM:SSZ)");
  CHECK(datetime_problem("2026-01-01T10:00:00Z") == "");
}
