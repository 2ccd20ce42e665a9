#pragma once
// A clock an import sets to each row's createdAt, so history keeps its dates
// while the tool handlers read "now" as they always do.
#include <optional>

#include "store/clock.h"

namespace tally::transfer {

class SettableClock final : public store::Clock {
 public:
  explicit SettableClock(const store::Clock& real) : real_(real) {}
  std::int64_t now_ms() const override { return at_ms_ ? *at_ms_ : real_.now_ms(); }
  void set(std::optional<std::int64_t> ms) { at_ms_ = ms; }

 private:
  const store::Clock& real_;
  std::optional<std::int64_t> at_ms_;
};

}  // namespace tally::transfer
