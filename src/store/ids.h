#pragma once
// Prefixed, sortable ids: `acc_` + 10 Crockford base32 characters of
// milliseconds + 8 of randomness, e.g. acc_01JD4X7M2QF8K3NZPA. Sorting by id
// sorts by creation time; within one millisecond the random part counts up.
//
// Seeded runs (TALLY_SEED) are reproducible, but two processes with one seed
// and one fixed clock (TALLY_NOW) would mint the same ids. So each process
// claims a stream from a counter stored in the ledger (claim_id_stream): the
// first process with a seed gets stream 0, the same ids as ever; later ones get
// stream n, whose random part starts with n in its top 10 bits, so streams
// never overlap one another.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

#include "store/clock.h"

namespace tally::store {

/// Thread-safe: one IdSource may be shared by threads serving one ledger.
class IdSource {
 public:
  /// Random from the OS, or from `seed` (TALLY_SEED) for reproducible runs.
  IdSource(const Clock& clock, std::uint64_t seed, bool seeded);
  std::string next(std::string_view prefix);

  [[nodiscard]] bool seeded() const { return seeded_; }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  /// Switches a seeded source to stream `n` (1 … 1023) of its seed; 0 keeps the plain stream.
  void use_stream(std::uint64_t n);

 private:
  std::uint64_t random40();
  const Clock& clock_;
  std::mutex mutex_;
  std::uint64_t seed_;
  std::uint64_t state_;
  bool seeded_;
  std::uint64_t stream_ = 0;
  std::int64_t last_ms_ = -1;
  std::uint64_t last_random_ = 0;
};

/// An IdSource seeded from TALLY_SEED when set.
std::unique_ptr<IdSource> ids_from_environment(const Clock& clock);

/// For a seeded source: counts this process in the ledger's `id_stream` table
/// (created when first needed) and switches `ids` to its own stream. Does
/// nothing for an unseeded source. Call once, after migrations.
void claim_id_stream(SQLite::Database& db, IdSource& ids);

}  // namespace tally::store
