#include "store/ids.h"

#include <cstdlib>
#include <random>

#include <SQLiteCpp/Statement.h>

#include "store/database.h"
#include "store/transaction.h"

namespace tally::store {

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::uint64_t kMask40 = (1ULL << 40) - 1;
constexpr int kStreamShift = 30;  // stream n owns random parts [n << 30, (n + 1) << 30)
constexpr std::uint64_t kMaxStream = (1ULL << (40 - kStreamShift)) - 1;

void append_base32(std::string& out, std::uint64_t value, int chars) {
  for (int i = chars - 1; i >= 0; --i) out += kCrockford[(value >> (5 * i)) & 31];
}

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
}  // namespace

IdSource::IdSource(const Clock& clock, std::uint64_t seed, bool seeded)
    : clock_(clock), seed_(seed), state_(seed), seeded_(seeded) {
  if (!seeded_) {
    std::random_device rd;
    state_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
}

void IdSource::use_stream(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  // Past 1023 processes the ranges repeat, but each n still has its own random sequence.
  stream_ = n == 0 ? 0 : 1 + (n - 1) % kMaxStream;
  std::uint64_t mix = seed_ ^ (n * 0xD1B54A32D192ED03ULL);
  state_ = stream_ == 0 ? seed_ : splitmix64(mix);
  last_ms_ = -1;
  last_random_ = 0;
}

std::uint64_t IdSource::random40() {
  return splitmix64(state_) & kMask40;
}

std::string IdSource::next(std::string_view prefix) {
  std::lock_guard lock(mutex_);
  std::int64_t ms = clock_.now_ms();
  std::uint64_t random;
  if (ms <= last_ms_) {  // same (or a fixed) instant: count up to stay sorted and unique
    ms = last_ms_;
    random = (last_random_ + 1 + (random40() & 0xFF)) & kMask40;
  } else if (stream_ == 0) {
    random = random40() >> 1;  // leave headroom for counting up within the millisecond
  } else {
    // The stream's own range; a quarter of it is headroom for counting up.
    random = (stream_ << kStreamShift) | (random40() & ((1ULL << (kStreamShift - 2)) - 1));
  }
  last_ms_ = ms;
  last_random_ = random;
  std::string id(prefix);
  id += '_';
  append_base32(id, static_cast<std::uint64_t>(ms), 10);
  append_base32(id, random, 8);
  return id;
}

std::unique_ptr<IdSource> ids_from_environment(const Clock& clock) {
  const char* seed = std::getenv("TALLY_SEED");
  if (seed != nullptr && *seed != '\0')
    return std::make_unique<IdSource>(clock, std::strtoull(seed, nullptr, 10), true);
  return std::make_unique<IdSource>(clock, 0, false);
}

void claim_id_stream(SQLite::Database& db, IdSource& ids) {
  if (!ids.seeded() || is_read_only(db)) return;  // a read-only ledger mints no ids
  Transaction tx(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS id_stream (seed TEXT PRIMARY KEY, processes INTEGER NOT NULL) "
      "STRICT");
  SQLite::Statement claim(
      db,
      "INSERT INTO id_stream (seed, processes) VALUES (?, 1) "
      "ON CONFLICT (seed) DO UPDATE SET processes = processes + 1 RETURNING processes - 1");
  claim.bind(1, std::to_string(ids.seed()));
  claim.executeStep();
  std::uint64_t n = static_cast<std::uint64_t>(claim.getColumn(0).getInt64());
  claim.reset();
  tx.commit();
  ids.use_stream(n);
}

}  // namespace tally::store
