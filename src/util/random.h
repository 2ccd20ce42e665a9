#pragma once
// Random bytes from the kernel's CSPRNG (getrandom(2)), for keys, tokens and
// secrets. Not OpenSSL's RAND_bytes: its first call sets up OpenSSL's providers
// and DRBGs, ~8 M instructions that every `tally serve` paid at start (callgrind).

#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <stdexcept>

namespace tally::util {

/// Fills `size` bytes at `out`; blocks only until the kernel's pool is first
/// ready (early boot). Throws std::runtime_error if the kernel refuses.
inline void random_bytes(void* out, std::size_t size) {
  auto* p = static_cast<unsigned char*>(out);
  std::size_t filled = 0;
  while (filled < size) {
    // At most 256 bytes a call: getrandom never returns fewer for those.
    std::size_t want = size - filled < 256 ? size - filled : 256;
    ssize_t n = getrandom(p + filled, want, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the system random generator failed");
    filled += static_cast<std::size_t>(n);
  }
}

}  // namespace tally::util
