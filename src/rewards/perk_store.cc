#include "rewards/perk_store.h"

#include <cstdio>

#include <SQLiteCpp/Statement.h>

#include "rewards/units.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::rewards {

using mcp::json;

int frequency_months(const std::string& frequency) {
  if (frequency == "monthly") return 1;
  if (frequency == "quarterly") return 3;
  if (frequency == "semiannual") return 6;
  if (frequency == "annual") return 12;
  return 0;
}

std::vector<Perk> insert_perks(store::Store& st, const Card& card, const std::string& name,
                               std::int64_t value_minor, const std::string& frequency,
                               const std::string& first_deadline, int count) {
  SQLite::Statement q(st.db, R"sql(
INSERT INTO perk (id, workspace_id, card_id, name, value_minor, frequency, deadline, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql");
  std::vector<Perk> perks;
  const std::string now = st.clock.now_iso();
  for (int i = 0; i < count; ++i) {
    Perk p{st.ids.next("prk"), card.id, card.display_name, name, frequency,
           util::add_months(first_deadline, i * frequency_months(frequency)), card.currency, value_minor,
           std::nullopt};
    q.bind(1, p.id);
    q.bind(2, st.workspace_id);
    q.bind(3, p.card_id);
    q.bind(4, p.name);
    q.bind(5, p.value_minor);
    q.bind(6, p.frequency);
    q.bind(7, p.deadline);
    q.bind(8, now);
    q.exec();
    q.reset();
    perks.push_back(std::move(p));
  }
  return perks;
}

namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.card_id, c.display_name, p.name, p.frequency, p.deadline, c.currency, "
    "p.value_minor, p.used_at FROM perk p JOIN card c ON c.id = p.card_id ";

Perk read_perk(SQLite::Statement& q) {
  Perk p;
  p.id = q.getColumn(0).getString();
  p.card_id = q.getColumn(1).getString();
  p.card_name = q.getColumn(2).getString();
  p.name = q.getColumn(3).getString();
  p.frequency = q.getColumn(4).getString();
  p.deadline = q.getColumn(5).getString();
  p.currency = q.getColumn(6).getString();
  p.value_minor = q.getColumn(7).getInt64();
  if (!q.getColumn(8).isNull()) p.used_at = q.getColumn(8).getString();
  return p;
}

}  // namespace

std::optional<Perk> find_perk(store::Store& st, const std::string& id) {
  SQLite::Statement q(st.db, std::string(kSelect) + "WHERE p.workspace_id = ? AND p.id = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  return read_perk(q);
}

void set_perk_used(store::Store& st, const std::string& id, bool used, const std::string& now) {
  SQLite::Statement q(st.db, used ? "UPDATE perk SET used_at = coalesce(used_at, ?) WHERE workspace_id = ? AND id = ?"
                                  : "UPDATE perk SET used_at = NULL WHERE workspace_id = ? AND id = ?");
  int i = 1;
  if (used) q.bind(i++, now);
  q.bind(i++, st.workspace_id);
  q.bind(i, id);
  q.exec();
}

PerkPage list_perks(store::Store& st, const PerkFilter& f) {
  std::string sql = std::string(kSelect) + "WHERE p.workspace_id = ?";
  if (f.card_id) sql += " AND p.card_id = ?";
  if (f.year) sql += " AND p.deadline BETWEEN ? AND ?";
  if (f.scope == "open") sql += " AND p.used_at IS NULL";
  if (f.scope == "used") sql += " AND p.used_at IS NOT NULL";
  sql += " ORDER BY p.deadline, p.id LIMIT ?";
  SQLite::Statement q(st.db, sql);
  int i = 1;
  q.bind(i++, st.workspace_id);
  if (f.card_id) q.bind(i++, *f.card_id);
  if (f.year) {
    char from[32], to[32];
    std::snprintf(from, sizeof from, "%04d-01-01", *f.year);
    std::snprintf(to, sizeof to, "%04d-12-31", *f.year);
    q.bind(i++, std::string(from));
    q.bind(i++, std::string(to));
  }
  q.bind(i, f.limit + 1);
  PerkPage page;
  while (q.executeStep()) {
    if (static_cast<int>(page.rows.size()) == f.limit) {
      page.truncated = true;
      break;
    }
    page.rows.push_back(read_perk(q));
  }
  return page;
}

json perk_json(const Perk& p, const std::string& today) {
  return json{{"id", p.id},
              {"cardId", p.card_id},
              {"cardName", p.card_name},
              {"name", p.name},
              {"value", store::money_json(p.value_minor, currency_of(p.currency))},
              {"frequency", p.frequency},
              {"deadline", p.deadline},
              {"year", std::stoi(p.deadline.substr(0, 4))},
              {"used", p.used_at.has_value()},
              {"usedAt", p.used_at ? json(*p.used_at) : json(nullptr)},
              {"expired", p.deadline < today}};
}

json perk_schema() {
  return json{
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"cardId", {{"type", "string"}}},
        {"cardName", {{"type", "string"}}},
        {"name", {{"type", "string"}}},
        {"value", store::money_schema(kMoneyWording, "The credit")},
        {"frequency", {{"type", "string"}, {"enum", {"monthly", "quarterly", "semiannual", "annual", "once"}}}},
        {"deadline", {{"type", "string"}, {"format", "date"}, {"description", "Last day to use it"}}},
        {"year", {{"type", "integer"}}},
        {"used", {{"type", "boolean"}}},
        {"usedAt", {{"type", {"string", "null"}}, {"description", "When it was marked used"}}},
        {"expired", {{"type", "boolean"}, {"description", "The deadline has passed"}}}}},
      {"required", {"id", "cardId", "name", "value", "deadline", "used", "usedAt", "expired"}}};
}

}  // namespace tally::rewards
