#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "auth/rate_limiter.h"

using namespace tally::auth;

TEST_CASE("parse_rate: N/min, other units, off, and a clear error") {
  std::string error;
  CHECK(parse_rate("120/min", error)->per_minute == 120);
  CHECK(parse_rate("2/s", error)->per_minute == 120);
  CHECK(parse_rate("600/h", error)->per_minute == 10);
  CHECK(parse_rate("off", error)->per_minute == 0);
  CHECK_FALSE(parse_rate("fast", error));
  CHECK(error ==
        "--rate-limit: \"fast\" is not a rate; use N/min (e.g. 120/min, at least 1) or off");
  CHECK_FALSE(parse_rate("0/min", error));
  CHECK_FALSE(parse_rate("120", error));
  CHECK_FALSE(parse_rate("-5/min", error));
  CHECK_FALSE(parse_rate("30/h", error));  // less than one a minute
}

TEST_CASE(
    "a bucket allows N at once, then refills at N a minute, with Retry-After in whole seconds") {
  RateLimiter limiter(Rate{120});
  const std::int64_t t0 = 1'000'000;
  for (int i = 0; i < 120; ++i) REQUIRE(limiter.check("key_a", t0).allowed);
  RateDecision refused = limiter.check("key_a", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_seconds == 1);  // one request every 500 ms
  CHECK_FALSE(limiter.check("key_a", t0 + 499).allowed);
  CHECK(limiter.check("key_a", t0 + 500).allowed);
  CHECK_FALSE(limiter.check("key_a", t0 + 500).allowed);
  CHECK(limiter.check("key_b", t0).allowed);  // buckets are per key
  // After a minute idle the bucket is full again, not fuller.
  for (int i = 0; i < 120; ++i) REQUIRE(limiter.check("key_a", t0 + 70'000).allowed);
  CHECK_FALSE(limiter.check("key_a", t0 + 70'000).allowed);
}

TEST_CASE("a slow rate says how long to wait") {
  RateLimiter limiter(Rate{2});
  CHECK(limiter.check("k", 0).allowed);
  CHECK(limiter.check("k", 0).allowed);
  RateDecision d = limiter.check("k", 0);
  CHECK_FALSE(d.allowed);
  CHECK(d.retry_after_seconds == 30);
  CHECK(limiter.check("k", 10'000).retry_after_seconds == 20);
  CHECK(limiter.check("k", 30'000).allowed);
}

TEST_CASE("off allows everything and keeps no buckets") {
  RateLimiter limiter(Rate{0});
  for (int i = 0; i < 1000; ++i) REQUIRE(limiter.check("k", 0).allowed);
  CHECK(limiter.buckets() == 0);
}

TEST_CASE("memory is bounded: full buckets go first, then the least recently seen") {
  RateLimiter limiter(Rate{2}, 3);  // one request refills in 30 s
  limiter.check("a", 0);
  limiter.check("b", 1000);
  limiter.check("c", 2000);
  CHECK(limiter.buckets() == 3);
  limiter.check("d", 3000);  // none is full again yet: the least recently seen (a) goes
  CHECK(limiter.buckets() == 3);
  CHECK(limiter.check("b", 3000).allowed);        // b kept its count: one left …
  CHECK_FALSE(limiter.check("b", 3000).allowed);  // … and then none
  limiter.check("e", 120'000);  // every bucket is full again by now: all idle ones go
  CHECK(limiter.buckets() == 1);
}

TEST_CASE("concurrent checks on one key never allow more than the bucket holds") {
  RateLimiter limiter(Rate{100});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (limiter.check("shared", 5000).allowed) ++allowed;
    });
  for (auto& t : threads) t.join();
  CHECK(allowed == 100);
}
