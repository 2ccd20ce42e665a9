#pragma once
// Token buckets (issue 16, seed 002: 120 requests a minute per key). A bucket
// holds up to N requests and refills at N per minute, so a client may burst N
// and then goes at the steady rate. Integer arithmetic in milli-requests keeps
// it exact and deterministic under an injected clock.
//
// One limiter is keyed by credential id, another by peer address for requests
// without a credential. Memory is bounded: a bucket idle long enough to be full
// again is the same as no bucket and is evicted first; past the cap the least
// recently seen bucket goes.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tally::auth {

struct Rate {
  std::int64_t per_minute = 120;  ///< 0 = off
};

/// "120/min" (also "120/m", "2/s", "7200/h") or "off"; nullopt with `error` set otherwise.
std::optional<Rate> parse_rate(const std::string& text, std::string& error);

struct RateDecision {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;  ///< when refused: whole seconds until one request fits
};

class RateLimiter {
 public:
  explicit RateLimiter(Rate rate, std::size_t max_buckets = 100000)
      : rate_(rate), max_buckets_(max_buckets) {}

  /// Takes one request from `key`'s bucket at `now_ms` if it has one. Thread-safe.
  RateDecision check(const std::string& key, std::int64_t now_ms);

  std::size_t buckets() const;
  const Rate& rate() const { return rate_; }

 private:
  struct Bucket {
    std::int64_t level = 0;  ///< in units: one request = 60000 (see the .cc)
    std::int64_t at_ms = 0;  ///< when `level` was computed
  };
  std::int64_t refilled(const Bucket& b, std::int64_t now_ms) const;
  void make_room(std::int64_t now_ms);

  Rate rate_;
  std::size_t max_buckets_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tally::auth
