#include "era_cache.h"

#include <fstream>
#include <system_error>

#include <spdlog/spdlog.h>

#include "oauth/token_store.h"

namespace tally::bridge {

EraCache::EraCache(std::filesystem::path root, std::string server_url) : url_(std::move(server_url)) {
  if (!root.empty()) file_ = root / "eras" / (oauth::sha256_hex(url_) + ".json");
}

std::int64_t EraCache::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<EraRecord> EraCache::load() const {
  if (file_.empty()) return std::nullopt;
  std::ifstream in(file_);
  if (!in) return std::nullopt;
  auto doc = nlohmann::json::parse(in, nullptr, false);
  // A file for another URL (a hash collision, or edited by hand) is ignored.
  if (!doc.is_object() || doc.value("url", "") != url_) return std::nullopt;
  EraRecord r;
  const std::string era = doc.value("era", "");
  if (era != "legacy" && era != "modern") return std::nullopt;
  r.era = era == "modern" ? Era::modern : Era::legacy;
  r.version = doc.value("version", "");
  r.time_ms = doc.value("time", std::int64_t{0});
  if (doc.contains("discover") && doc["discover"].is_object()) r.discover = doc["discover"];
  r.discover_until_ms = doc.value("discoverUntil", std::int64_t{0});
  return r;
}

void EraCache::save(const EraRecord& record) const {
  if (file_.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  // Like the token store: folders 0700, files 0600.
  for (const auto& dir : {file_.parent_path().parent_path(), file_.parent_path()})
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  nlohmann::json doc = {{"url", url_},
                        {"era", record.era == Era::modern ? "modern" : "legacy"},
                        {"version", record.version},
                        {"time", record.time_ms}};
  if (record.era == Era::modern && record.discover.is_object()) {
    doc["discover"] = record.discover;
    doc["discoverUntil"] = record.discover_until_ms;
  }
  std::string error;
  if (!oauth::TokenStore::write_private(file_, doc, error)) spdlog::debug("era cache not saved: {}", error);
}

void EraCache::forget() const {
  if (file_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(file_, ec);
}

}  // namespace tally::bridge
