#include <doctest/doctest.h>

#include "invoicing/dates.h"

using namespace tally::invoicing;

TEST_CASE("day arithmetic crosses months, leap days and years") {
  CHECK(add_days("2026-03-15", 30) == "2026-04-14");
  CHECK(add_days("2024-02-28", 1) == "2024-02-29");
  CHECK(add_days("2025-02-28", 1) == "2025-03-01");
  CHECK(add_days("2025-12-31", 1) == "2026-01-01");
  CHECK(add_days("2026-01-01", -1) == "2025-12-31");
  CHECK(days_between("2026-02-13", "2026-03-15") == 30);
  CHECK(days_between("2026-03-15", "2026-03-15") == 0);
}
