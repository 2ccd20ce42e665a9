#include "auth/workspace.h"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>

#include "store/core_schema.h"
#include "store/timezone.h"

namespace tally::auth {

namespace {
void require_timezone(const std::string& timezone) {
  if (std::string problem = store::check_timezone(timezone); !problem.empty())
    throw std::invalid_argument("--timezone: " + problem);
}
}  // namespace

std::optional<Workspace> find_workspace(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q(db, "SELECT id, name, timezone FROM workspace WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  return Workspace{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), false};
}

Workspace open_or_create_workspace(SQLite::Database& db, const std::string& name,
                                   const std::string& timezone, const std::string& now_iso) {
  if (name.empty() || name.size() > 80)
    throw std::invalid_argument("--workspace must be 1 to 80 characters");
  if (!timezone.empty()) require_timezone(timezone);
  if (auto existing = find_workspace(db, name)) {
    if (!timezone.empty() && timezone != existing->timezone)
      throw std::invalid_argument("workspace \"" + name + "\" already exists in time zone " +
                                  existing->timezone + "; --timezone " + timezone +
                                  " applies only to a new workspace (change it with tally init "
                                  "--workspace " +
                                  name + " --timezone " + timezone + ")");
    return *existing;
  }
  std::string zone = timezone.empty() ? store::system_timezone() : timezone;
  std::int64_t id = store::create_workspace(db, name, zone, now_iso);
  return Workspace{id, name, zone, true};
}

void set_workspace_timezone(SQLite::Database& db, std::int64_t workspace_id,
                            const std::string& timezone) {
  require_timezone(timezone);
  SQLite::Statement q(db, "UPDATE workspace SET timezone = ? WHERE id = ?");
  q.bind(1, timezone);
  q.bind(2, workspace_id);
  q.exec();
}

bool is_brand_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 40) return false;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace tally::auth
