#pragma once
// The time source, injectable so tests and README examples are reproducible
// (TALLY_NOW fixes it).
#include <cstdint>
#include <memory>
#include <string>

namespace tally::store {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Milliseconds since the Unix epoch.
  virtual std::int64_t now_ms() const = 0;
  /// Now as ISO 8601 UTC with milliseconds: 2026-01-31T12:00:00.000Z.
  std::string now_iso() const;
  /// Today's date (YYYY-MM-DD) in the local time zone (TZ).
  std::string today() const;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

/// A clock that stands still (each reading is the same instant).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t ms) : ms_(ms) {}
  std::int64_t now_ms() const override { return ms_; }

 private:
  std::int64_t ms_;
};

/// FixedClock from TALLY_NOW (an ISO date-time or date) when set, else SystemClock.
/// Throws std::invalid_argument when TALLY_NOW is malformed.
std::unique_ptr<Clock> clock_from_environment();

/// Parses an ISO 8601 date-time (or a bare date, read as midnight UTC) to epoch ms.
bool parse_iso_ms(const std::string& text, std::int64_t& ms);
/// Formats epoch ms as ISO 8601 UTC with milliseconds.
std::string format_iso_ms(std::int64_t ms);

}  // namespace tally::store
