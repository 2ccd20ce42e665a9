#include "rewards/perk_store.h"

#include <doctest/doctest.h>

using namespace tally::rewards;

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

TEST_CASE("frequencies are months between deadlines") {
  CHECK(frequency_months("monthly") == 1);
  CHECK(frequency_months("quarterly") == 3);
  CHECK(frequency_months("semiannual") == 6);
  CHECK(frequency_months("annual") == 12);
  CHECK(frequency_months("once") == 0);
}
