#include "rewards/catalog.h"

#include <algorithm>
#include <cctype>

#include <SQLiteCpp/Statement.h>

#include "rewards/catalog_data.h"
#include "rewards/units.h"

namespace tally::rewards {

using mcp::json;

void sync_catalog(SQLite::Database& db) {
  SQLite::Statement upsert(db, R"sql(
INSERT INTO catalog_card (card_key, issuer, display_name, network, reward_type, reward_program,
                          annual_fee_minor, point_value_mc, notes)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (card_key) DO UPDATE SET issuer = excluded.issuer, display_name = excluded.display_name,
  network = excluded.network, reward_type = excluded.reward_type,
  reward_program = excluded.reward_program, annual_fee_minor = excluded.annual_fee_minor,
  point_value_mc = excluded.point_value_mc, notes = excluded.notes)sql");
  SQLite::Statement clear_rates(db, "DELETE FROM catalog_earn_rate WHERE card_key = ?");
  SQLite::Statement add_rate(
      db, "INSERT INTO catalog_earn_rate (card_key, category, rate_hundredths) VALUES (?, ?, ?)");
  for (const auto& e : catalog_entries()) {
    const std::string key(e.card_key);
    upsert.bind(1, key);
    upsert.bind(2, std::string(e.issuer));
    upsert.bind(3, std::string(e.display_name));
    upsert.bind(4, std::string(e.network));
    upsert.bind(5, std::string(e.reward_type));
    upsert.bind(6, std::string(e.reward_program));
    upsert.bind(7, static_cast<std::int64_t>(e.annual_fee_dollars) * 100);
    upsert.bind(8, e.point_value_millicents);
    upsert.bind(9, std::string(e.notes));
    upsert.exec();
    upsert.reset();
    clear_rates.bind(1, key);
    clear_rates.exec();
    clear_rates.reset();
    for (const auto& r : e.earn_rates) {
      add_rate.bind(1, key);
      add_rate.bind(2, std::string(r.category));
      add_rate.bind(3, r.rate_hundredths);
      add_rate.exec();
      add_rate.reset();
    }
  }
}

namespace {

constexpr const char* kSelect =
    "SELECT c.card_key, c.issuer, c.display_name, c.network, c.reward_type, c.reward_program, "
    "c.notes, c.annual_fee_minor, c.point_value_mc, r.category, r.rate_hundredths "
    "FROM catalog_card c LEFT JOIN catalog_earn_rate r ON r.card_key = c.card_key ";

/// Folds the joined rows (one per earn rate) into cards, in query order.
std::vector<CatalogCard> read_cards(SQLite::Statement& q) {
  std::vector<CatalogCard> cards;
  while (q.executeStep()) {
    std::string key = q.getColumn(0).getString();
    if (cards.empty() || cards.back().card_key != key) {
      CatalogCard c;
      c.card_key = key;
      c.issuer = q.getColumn(1).getString();
      c.display_name = q.getColumn(2).getString();
      c.network = q.getColumn(3).getString();
      c.reward_type = q.getColumn(4).getString();
      c.reward_program = q.getColumn(5).getString();
      c.notes = q.getColumn(6).getString();
      c.annual_fee_minor = q.getColumn(7).getInt64();
      c.point_value_mc = q.getColumn(8).getInt64();
      cards.push_back(std::move(c));
    }
    if (!q.getColumn(9).isNull())
      cards.back().earn_rates.emplace_back(q.getColumn(9).getString(), q.getColumn(10).getInt64());
  }
  return cards;
}

std::string ascii_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<CatalogCard> find_catalog_card(SQLite::Database& db, const std::string& card_key) {
  SQLite::Statement q(db, std::string(kSelect) + "WHERE c.card_key = ? ORDER BY r.category");
  q.bind(1, ascii_lower(card_key));
  auto cards = read_cards(q);
  if (cards.empty()) return std::nullopt;
  return std::move(cards.front());
}

std::vector<CatalogCard> all_catalog_cards(SQLite::Database& db) {
  SQLite::Statement q(db, std::string(kSelect) + "ORDER BY c.card_key, r.category");
  return read_cards(q);
}

json earn_rates_json(const std::vector<std::pair<std::string, std::int64_t>>& rates) {
  json out = json::object();
  for (const auto& [category, rate] : rates) out[category] = scaled_number(rate, 2);
  return out;
}

json catalog_card_json(const CatalogCard& c) {
  return json{{"cardKey", c.card_key},
              {"issuer", c.issuer},
              {"displayName", c.display_name},
              {"network", c.network},
              {"rewardType", c.reward_type},
              {"rewardProgram", c.reward_program},
              {"annualFee", scaled_number(c.annual_fee_minor, 2)},
              {"pointValueCents", scaled_number(c.point_value_mc, 3)},
              {"earnRates", earn_rates_json(c.earn_rates)},
              {"notes", c.notes}};
}

json catalog_card_schema() {
  return json{
      {"type", "object"},
      {"properties",
       {{"cardKey", {{"type", "string"}, {"description", "Catalog key, e.g. chase-sapphire-preferred"}}},
        {"issuer", {{"type", "string"}}},
        {"displayName", {{"type", "string"}}},
        {"network", {{"type", "string"}}},
        {"rewardType", {{"type", "string"}, {"enum", {"points", "cashback"}}}},
        {"rewardProgram", {{"type", "string"}}},
        {"annualFee", {{"type", "number"}, {"description", "Dollars per year"}}},
        {"pointValueCents", {{"type", "number"}, {"description", "Typical cents per point (cashback: 1)"}}},
        {"earnRates",
         {{"type", "object"},
          {"description", "Points per dollar (or percent back) by category; `other` is the base rate"}}},
        {"notes", {{"type", "string"}}}}},
      {"required", {"cardKey", "issuer", "displayName", "rewardType", "annualFee", "pointValueCents",
                    "earnRates"}}};
}

std::string unknown_key_message(SQLite::Database& db, const std::string& card_key) {
  std::string wanted = ascii_lower(card_key);
  std::string best;
  std::size_t best_distance = 4;  // suggest only near misses
  SQLite::Statement q(db, "SELECT card_key FROM catalog_card ORDER BY card_key");
  while (q.executeStep()) {
    std::string key = q.getColumn(0).getString();
    std::size_t d = edit_distance(wanted, key);
    if (d < best_distance) {
      best_distance = d;
      best = key;
    }
  }
  std::string message = "No catalog card has the key '" + card_key + "'.";
  if (!best.empty()) message += " Did you mean " + best + "?";
  else message += " Call get_catalog_card without cardKey to list every key.";
  return message;
}

}  // namespace tally::rewards
