#pragma once
// Prefixed, sortable ids: `acc_` + 10 Crockford base32 characters of
// milliseconds + 8 of randomness, e.g. acc_01JD4X7M2QF8K3NZPA. Sorting by id
// sorts by creation time; within one millisecond the random part counts up.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/clock.h"

namespace tally::store {

class IdSource {
 public:
  /// Random from the OS, or from `seed` (TALLY_SEED) for reproducible runs.
  IdSource(const Clock& clock, std::uint64_t seed, bool seeded);
  std::string next(std::string_view prefix);

 private:
  std::uint64_t random40();
  const Clock& clock_;
  std::uint64_t state_;
  bool seeded_;
  std::int64_t last_ms_ = -1;
  std::uint64_t last_random_ = 0;
};

/// An IdSource seeded from TALLY_SEED when set.
std::unique_ptr<IdSource> ids_from_environment(const Clock& clock);

}  // namespace tally::store
