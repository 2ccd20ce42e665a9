#include "rewards/perk_store.h"

#include <doctest/doctest.h>

using namespace tally::rewards;

TEST_CASE("frequencies are months between deadlines") {
  CHECK(frequency_months("monthly") == 1);
  CHECK(frequency_months("quarterly") == 3);
  CHECK(frequency_months("semiannual") == 6);
  CHECK(frequency_months("annual") == 12);
  CHECK(frequency_months("once") == 0);
}
