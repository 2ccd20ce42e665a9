#include "rewards/reward_ledger.h"

#include <doctest/doctest.h>

using namespace tally::rewards;

TEST_CASE("ISO instants convert to microseconds and back") {
  auto us = iso_to_us("2026-03-15T12:00:00Z");
  REQUIRE(us.has_value());
  CHECK(us_to_iso(*us) == "2026-03-15T12:00:00.000000Z");
  CHECK(us_to_iso(*us + 1) == "2026-03-15T12:00:00.000001Z");
  CHECK(*iso_to_us("2026-03-15T12:00:00.000001Z") == *us + 1);
  CHECK(*iso_to_us("2026-03-15T12:00:00.5Z") == *us + 500000);
  CHECK(*iso_to_us("2026-03-15T12:00:00.123456Z") == *us + 123456);
  CHECK(*iso_to_us("2026-03-15T13:00:00+01:00") == *us);
}

TEST_CASE("digits past the microsecond round up, so `before` keeps older rows") {
  auto us = *iso_to_us("2026-03-15T12:00:00.000001Z");
  CHECK(*iso_to_us("2026-03-15T12:00:00.0000015Z") == us + 1);
  CHECK(*iso_to_us("2026-03-15T12:00:00.0000010Z") == us);
}

TEST_CASE("non-ISO text is refused") {
  CHECK(!iso_to_us("yesterday").has_value());
  CHECK(!iso_to_us("2026-02-30T00:00:00Z").has_value());
}

TEST_CASE("a row written as text is the bytes of its json, points and cashback") {
  RewardTxn points{.id = "rtx_1", .card_id = "crd_1", .card_name = "Sapphire \"Preferred\"", .type = "earn",
                   .unit = "points", .amount = 120, .currency = "USD", .note = "Uber #1\n", .created_at = "2026-03-15T12:00:00.000000Z"};
  RewardTxn cash = points;
  cash.unit = "cashback";
  cash.type = "redeem";
  cash.note.reset();
  for (std::int64_t minor : {0LL, 5LL, 10LL, 1234LL, 100000LL, 999999999999LL}) {
    cash.amount = minor;
    for (const RewardTxn* r : {&points, &cash}) {
      tally::mcp::JsonText t;
      write_reward(t, view_of(*r));
      CHECK(t.str() == reward_json(*r).dump());
    }
  }
}
