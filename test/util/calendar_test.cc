#include "util/calendar.h"

#include <doctest/doctest.h>

using namespace tally::util;

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
