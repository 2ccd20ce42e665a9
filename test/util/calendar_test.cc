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

TEST_CASE("real dates and date-times") {
  CHECK(is_real_date("2024-02-29"));
  CHECK_FALSE(is_real_date("2025-02-29"));
  CHECK_FALSE(is_real_date("2025-04-31"));
  CHECK(is_datetime("2026-03-01T12:00:00Z"));
  CHECK(is_datetime("2026-03-01T12:00:00.5+01:00"));
  CHECK_FALSE(is_datetime("2026-02-30T12:00:00Z"));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  CHECK(days_in_month(2026, 12) == 31);
}

TEST_CASE("day numbers count from 1970-01-01") {
  CHECK(day_number("1970-01-01") == 0);
  CHECK(day_number("1969-12-31") == -1);
  CHECK(day_number("2000-03-01") == 11017);
  CHECK(date_of_day(0) == "1970-01-01");
  CHECK(date_of_day(11017) == "2000-03-01");
  CHECK(date_of_day(day_number("2026-03-15")) == "2026-03-15");
}

TEST_CASE("day arithmetic crosses months, leap days and years") {
  CHECK(add_days("2026-03-15", 30) == "2026-04-14");
  CHECK(add_days("2024-02-28", 1) == "2024-02-29");
  CHECK(add_days("2025-02-28", 1) == "2025-03-01");
  CHECK(add_days("2025-12-31", 1) == "2026-01-01");
  CHECK(add_days("2026-01-01", -1) == "2025-12-31");
  CHECK(add_days("2026-03-01", -1) == "2026-02-28");
  CHECK(add_days("2026-03-15", -29) == "2026-02-14");
  CHECK(days_between("2026-02-13", "2026-03-15") == 30);
  CHECK(days_between("2026-03-15", "2026-03-15") == 0);
  CHECK(days_between("2026-03-15", "2026-02-13") == -30);
}

TEST_CASE("add_months keeps month-end deadlines at month end") {
  CHECK(add_months("2026-01-31", 1) == "2026-02-28");
  CHECK(add_months("2026-01-31", 2) == "2026-03-31");
  CHECK(add_months("2024-01-31", 1) == "2024-02-29");
  CHECK(add_months("2026-02-28", 1) == "2026-03-31");  // Feb 28 is February's last day
  CHECK(add_months("2026-01-15", 1) == "2026-02-15");
  CHECK(add_months("2026-11-30", 3) == "2027-02-28");
  CHECK(add_months("2026-06-30", 6) == "2026-12-31");
  CHECK(add_months("2026-03-10", 0) == "2026-03-10");
}
