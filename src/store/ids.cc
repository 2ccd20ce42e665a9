#include "store/ids.h"

#include <cstdlib>
#include <random>

namespace tally::store {

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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
    : clock_(clock), state_(seed), seeded_(seeded) {
  if (!seeded_) {
    std::random_device rd;
    state_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
}

std::uint64_t IdSource::random40() { return splitmix64(state_) & ((1ULL << 40) - 1); }

std::string IdSource::next(std::string_view prefix) {
  std::int64_t ms = clock_.now_ms();
  std::uint64_t random;
  if (ms <= last_ms_) {  // same (or a fixed) instant: count up to stay sorted and unique
    ms = last_ms_;
    random = (last_random_ + 1 + (random40() & 0xFF)) & ((1ULL << 40) - 1);
  } else {
    random = random40() >> 1;  // leave headroom for counting up within the millisecond
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

}  // namespace tally::store
