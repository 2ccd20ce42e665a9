#pragma once
// Secrets (API keys, postback secrets, OAuth tokens) are overwritten in memory
// once they are no longer needed, so a core dump or a reused heap page does not
// keep them (issue 22). One helper for every place that holds one; header-only,
// so tally-bridge uses it too. What it cannot reach — copies inside libcurl,
// OpenSSL, Boost.Beast's buffers, nlohmann::json values, stdio — README's
// "Reliability and security" lists.
#include <string.h>  // explicit_bzero (glibc): a memset the compiler may not drop

#include <string>

namespace tally::util {

/// Overwrites every byte of `s`'s buffer (its capacity, not only its size), then empties it.
inline void wipe(std::string& s) noexcept {
  explicit_bzero(s.data(), s.capacity());
  s.clear();
}

/// Wipes one string when the scope ends, however it ends.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string& s) noexcept : s_(s) {}
  ~WipeOnExit() { wipe(s_); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  std::string& s_;
};

}  // namespace tally::util
