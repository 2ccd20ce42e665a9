// The inbox's sessions: in memory (a restart signs everyone out), 12 hours, each
// with its CSRF token and one flash message; a revoked key ends its sessions.
#include <SQLiteCpp/Statement.h>

#include "web/html.h"
#include "web/inbox.h"

namespace tally::web {

namespace {

constexpr auto kSessionLife = std::chrono::hours(12);

}  // namespace

std::optional<std::string> Inbox::session_id(const http::Request& request) {
  auto header = request.header("cookie");
  if (!header) return std::nullopt;
  auto sid = cookie_value(*header, kCookie);
  if (!sid) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(*sid);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires < std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return *sid;
}

void Inbox::set_flash(const std::string& sid, std::string message, bool error) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  it->second.flash = std::move(message);
  it->second.flash_error = error;
}

long long Inbox::data_version() {
  std::lock_guard lock(watch_mu_);
  return watch_db_->execAndGet("PRAGMA data_version").getInt64();
}

bool Inbox::key_valid(const std::string& key_id) {
  std::lock_guard lock(watch_mu_);
  SQLite::Statement q(*watch_db_, "SELECT revoked_at IS NULL FROM api_key WHERE id = ?");
  q.bind(1, key_id);
  return q.executeStep() && q.getColumn(0).getInt() == 1;
}

std::string Inbox::start_session(app::Principal who, bool tls, std::string key_id) {
  Session s;
  s.who = std::move(who);
  s.key_id = std::move(key_id);
  s.csrf = random_hex(32);
  s.expires = std::chrono::steady_clock::now() + kSessionLife;
  std::string sid = random_hex(32);
  {
    std::lock_guard lock(mu_);
    // Expired sessions go when a new one starts, so the map never only grows.
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(sessions_, [now](const auto& entry) { return entry.second.expires < now; });
    sessions_.emplace(sid, std::move(s));
  }
  return std::string(kCookie) + "=" + sid +
         "; Path=/inbox; HttpOnly; SameSite=Strict; Max-Age=43200" + (tls ? "; Secure" : "");
}

}  // namespace tally::web
