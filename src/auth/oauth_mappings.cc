#include "auth/oauth_mappings.h"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>

#include "auth/workspace.h"
#include "store/transaction.h"

namespace tally::auth {

namespace {
std::string text_or_empty(const SQLite::Column& c) {
  return c.isNull() ? "" : c.getString();
}
}  // namespace

MapResult map_claim_value(SQLite::Database& db, const NewMapping& spec,
                          const std::string& now_iso) {
  if (spec.value.empty() || spec.value.size() > 256)
    throw std::invalid_argument("the claim value must be 1 to 256 characters");
  if (!spec.brand.empty() && !is_brand_slug(spec.brand))
    throw std::invalid_argument("--brand: use the brand's slug, 1-40 of a-z, 0-9 and - (got \"" +
                                spec.brand + "\")");
  store::Transaction tx(db);
  Workspace ws = open_or_create_workspace(db, spec.workspace, spec.timezone, now_iso);
  MapResult result{false, ws.created, ws.timezone};
  {
    SQLite::Statement old(db, "SELECT 1 FROM oauth_mapping WHERE value = ?");
    old.bind(1, spec.value);
    result.replaced = old.executeStep();
  }
  SQLite::Statement q(
      db,
      "INSERT INTO oauth_mapping (value, workspace_id, brand, read_only, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (value) DO UPDATE SET "
      "workspace_id = excluded.workspace_id, brand = excluded.brand, "
      "read_only = excluded.read_only, created_at = excluded.created_at");
  q.bind(1, spec.value);
  q.bind(2, ws.id);
  if (spec.brand.empty())
    q.bind(3);
  else
    q.bind(3, spec.brand);
  q.bind(4, spec.read_only ? 1 : 0);
  q.bind(5, now_iso);
  q.exec();
  tx.commit();
  return result;
}

bool unmap_claim_value(SQLite::Database& db, const std::string& value) {
  SQLite::Statement q(db, "DELETE FROM oauth_mapping WHERE value = ?");
  q.bind(1, value);
  return q.exec() > 0;
}

std::vector<MappingRow> list_mappings(SQLite::Database& db) {
  SQLite::Statement q(
      db,
      "SELECT m.value, w.name, m.brand, m.created_at, m.read_only FROM oauth_mapping m "
      "JOIN workspace w ON w.id = m.workspace_id ORDER BY m.value");
  std::vector<MappingRow> rows;
  while (q.executeStep())
    rows.push_back(MappingRow{q.getColumn(0).getString(), q.getColumn(1).getString(),
                              text_or_empty(q.getColumn(2)), q.getColumn(3).getString(),
                              q.getColumn(4).getInt() != 0});
  return rows;
}

MappingMatch find_mapping(SQLite::Database& db, const std::vector<std::string>& values) {
  SQLite::Statement q(db,
                      "SELECT m.value, m.workspace_id, w.name, w.timezone, m.brand, m.read_only "
                      "FROM oauth_mapping m JOIN workspace w ON w.id = m.workspace_id "
                      "WHERE m.value = ?");
  MappingMatch match;
  for (const auto& value : values) {
    bool seen = false;
    for (const auto& m : match.matched) seen = seen || m == value;
    if (seen) continue;  // ["a", "a"] is one value
    q.reset();
    q.bind(1, value);
    if (!q.executeStep()) continue;
    match.matched.push_back(value);
    Credential& c = match.credential;
    c.id = q.getColumn(0).getString();
    c.name = c.id;
    c.workspace_id = q.getColumn(1).getInt64();
    c.workspace = q.getColumn(2).getString();
    c.timezone = q.getColumn(3).getString();
    c.brand = text_or_empty(q.getColumn(4));
    c.read_only = q.getColumn(5).getInt() != 0;
  }
  if (match.matched.size() == 1) {
    match.kind = MappingMatch::Kind::found;
    match.matched.clear();
  } else {
    match.kind =
        match.matched.empty() ? MappingMatch::Kind::unmapped : MappingMatch::Kind::ambiguous;
    match.credential = {};
  }
  return match;
}

}  // namespace tally::auth
