#include "auth/rate_limiter.h"

#include <algorithm>
#include <cctype>

namespace tally::auth {

// Units: one request costs kMinuteMs "units"; a bucket refills per_minute units
// per millisecond and holds per_minute requests (per_minute × kMinuteMs units).
namespace {
constexpr std::int64_t kMinuteMs = 60000;
}

std::optional<Rate> parse_rate(const std::string& text, std::string& error) {
  if (text == "off") return Rate{0};
  auto slash = text.find('/');
  std::string count = text.substr(0, slash);
  std::string unit = slash == std::string::npos ? "" : text.substr(slash + 1);
  bool digits =
      !count.empty() && count.size() <= 9 &&
      std::all_of(count.begin(), count.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  std::int64_t per_minute = 0;
  if (digits) {
    std::int64_t n = std::stoll(count);
    if (unit == "min" || unit == "m")
      per_minute = n;
    else if (unit == "s" || unit == "sec")
      per_minute = n * 60;
    else if (unit == "h" || unit == "hour")
      per_minute = n % 60 == 0 ? n / 60 : 0;
  }
  if (per_minute <= 0) {
    error =
        "--rate-limit: \"" + text + "\" is not a rate; use N/min (e.g. 120/min, at least 1) or off";
    return std::nullopt;
  }
  return Rate{per_minute};
}

std::int64_t RateLimiter::refilled(const Bucket& b, std::int64_t now_ms) const {
  std::int64_t capacity = rate_.per_minute * kMinuteMs;
  std::int64_t elapsed = std::max<std::int64_t>(0, now_ms - b.at_ms);
  if (elapsed >= kMinuteMs) return capacity;  // full again; also avoids overflow
  return std::min(capacity, b.level + elapsed * rate_.per_minute);
}

void RateLimiter::make_room(std::int64_t now_ms) {
  std::int64_t capacity = rate_.per_minute * kMinuteMs;
  for (auto it = buckets_.begin(); it != buckets_.end();)
    it = refilled(it->second, now_ms) >= capacity ? buckets_.erase(it) : std::next(it);
  if (buckets_.size() < max_buckets_) return;
  auto oldest = std::min_element(
      buckets_.begin(), buckets_.end(),
      [](const auto& a, const auto& b) { return a.second.at_ms < b.second.at_ms; });
  buckets_.erase(oldest);
}

RateDecision RateLimiter::check(const std::string& key, std::int64_t now_ms) {
  if (rate_.per_minute <= 0) return {};
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_buckets_) make_room(now_ms);
    it = buckets_.emplace(key, Bucket{rate_.per_minute * kMinuteMs, now_ms}).first;
  }
  Bucket& b = it->second;
  b.level = refilled(b, now_ms);
  b.at_ms = std::max(b.at_ms, now_ms);
  if (b.level >= kMinuteMs) {
    b.level -= kMinuteMs;
    return {};
  }
  // Milliseconds until the bucket holds one request, rounded up to whole seconds.
  std::int64_t wait_ms = (kMinuteMs - b.level + rate_.per_minute - 1) / rate_.per_minute;
  return {false, std::max<std::int64_t>(1, (wait_ms + 999) / 1000)};
}

std::size_t RateLimiter::buckets() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace tally::auth
