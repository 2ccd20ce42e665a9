#include <doctest/doctest.h>

#include "affiliate/brand_time.h"
#include "store/clock.h"

using namespace tally::affiliate;

namespace {
std::int64_t ms(const char* iso) {
  std::int64_t v = 0;
  REQUIRE(tally::store::parse_iso_ms(iso, v));
  return v;
}
}  // namespace

TEST_CASE("local days follow the brand time zone") {
  CHECK(local_day("UTC", ms("2026-03-16T03:00:00Z")) == "2026-03-16");
  CHECK(local_day("America/New_York", ms("2026-03-16T03:00:00Z")) == "2026-03-15");
  CHECK(local_day("Asia/Tokyo", ms("2026-03-15T15:30:00Z")) == "2026-03-16");
  CHECK(is_time_zone("Europe/Berlin"));
  CHECK_FALSE(is_time_zone("Mars/Base"));
}

TEST_CASE("cap windows: day, ISO week, calendar month") {
  auto w = cap_window("weekly", "2026-03-15");  // a Sunday
  CHECK(w.from == "2026-03-09");
  CHECK(w.to == "2026-03-15");
  w = cap_window("weekly", "2026-01-01");  // Thursday of ISO week 2026-W01
  CHECK(w.from == "2025-12-29");
  CHECK(w.to == "2026-01-04");
  w = cap_window("monthly", "2024-02-10");
  CHECK(w.from == "2024-02-01");
  CHECK(w.to == "2024-02-29");
  w = cap_window("daily", "2026-03-15");
  CHECK(w.from == "2026-03-15");
  CHECK(w.to == "2026-03-15");
}
