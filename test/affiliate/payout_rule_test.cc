#include <doctest/doctest.h>

#include "affiliate/payout_rule.h"

using namespace tally::affiliate;

TEST_CASE("percent payouts are half-up on the sale; fixed ones ignore it") {
  CHECK(payout_for({"percent", 1000}, 8004) == 800);     // 8.004 → 8.00
  CHECK(payout_for({"percent", 1250}, 8004) == 1001);    // 10.005 → 10.01
  CHECK(payout_for({"percent", 1000}, 5) == 1);          // 0.005 → 0.01
  CHECK(payout_for({"percent", 1000}, 4) == 0);          // 0.004 → 0.00
  CHECK(payout_for({"percent", 10000}, 1'000'000'000'000'000) == 1'000'000'000'000'000);
  CHECK(payout_for({"fixed", 450}, 0) == 450);
  CHECK(payout_for({"fixed", 450}, 99999) == 450);
}
