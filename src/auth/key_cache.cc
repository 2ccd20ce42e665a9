#include "auth/key_cache.h"

#include <SQLiteCpp/Statement.h>

#include "auth/api_keys.h"
#include "store/clock.h"
#include "store/transaction.h"

namespace tally::auth {

void KeyCache::drop_if_changed() {
  data_version_query_.reset();
  data_version_query_.executeStep();
  std::int64_t version = data_version_query_.getColumn(0).getInt64();
  data_version_query_.reset();
  if (version != data_version_) {
    by_hash_.clear();
    any_keys_.reset();
    data_version_ = version;
  }
}

std::optional<Credential> KeyCache::find(std::string_view bearer, std::int64_t now_ms) {
  if (bearer.substr(0, kKeyPrefix.size()) != kKeyPrefix) return std::nullopt;
  std::string hash = key_hash(bearer);
  std::lock_guard lock(mutex_);
  drop_if_changed();
  std::optional<Credential> found;
  if (auto it = by_hash_.find(hash); it != by_hash_.end()) {
    found = it->second;
  } else {
    found = find_key(db_, bearer);
    if (!found) return std::nullopt;  // unknown keys are not cached: memory stays bounded
    if (by_hash_.size() >= kMaxEntries) by_hash_.clear();
    by_hash_.emplace(hash, *found);
  }
  last_used_[found->id] = now_ms;
  return found;
}

bool KeyCache::any_keys() {
  std::lock_guard lock(mutex_);
  drop_if_changed();
  if (!any_keys_) any_keys_ = db_.execAndGet("SELECT EXISTS (SELECT 1 FROM api_key)").getInt() != 0;
  return *any_keys_;
}

int KeyCache::flush_last_used(SQLite::Database& writer, std::int64_t now_ms, bool force) {
  std::map<std::string, std::int64_t> pending;
  {
    std::lock_guard lock(mutex_);
    if (!force && now_ms - last_flush_ms_ < kFlushIntervalMs) return 0;
    last_flush_ms_ = now_ms;
    pending.swap(last_used_);
  }
  if (pending.empty()) return 0;
  store::Transaction tx(writer);
  for (const auto& [id, ms] : pending) record_last_used(writer, id, store::format_iso_ms(ms));
  tx.commit();
  return static_cast<int>(pending.size());
}

}  // namespace tally::auth
