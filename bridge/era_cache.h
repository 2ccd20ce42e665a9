#pragma once
// The remote server's protocol era, remembered per server URL in the bridge's state
// directory (next to the tokens), so a warm start skips the server/discover probe
// (protocol-2026.md §C1): <root>/eras/<sha256(url)>.json, 0600, written atomically
// and only when something changed.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tally::bridge {

enum class Era { legacy, modern };

struct EraRecord {
  Era era = Era::legacy;
  std::string version;     ///< modern: the version the server accepted
  std::int64_t time_ms = 0;  ///< when it was learnt (Unix ms)
  /// modern: the server/discover result and until when it may be reused (its ttlMs)
  nlohmann::json discover;
  std::int64_t discover_until_ms = 0;
};

class EraCache {
 public:
  /// `root`: the state directory; empty disables the cache.
  EraCache(std::filesystem::path root, std::string server_url);

  std::optional<EraRecord> load() const;
  void save(const EraRecord& record) const;  ///< best effort: a failure is logged, not fatal
  void forget() const;

  static std::int64_t now_ms();

 private:
  std::filesystem::path file_;
  std::string url_;
};

}  // namespace tally::bridge
