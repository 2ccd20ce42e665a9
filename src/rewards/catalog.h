#pragma once
// The card catalog in the ledger: written from catalog_data by migration, read
// by get_catalog_card and rewards_add_card. Catalog rows belong to no workspace
// (seed 001: "the cards catalog is non-PII reference data").
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "mcp/json_rpc.h"

namespace tally::rewards {

/// Upserts every bundled catalog entry and its earn rates (removing rates the
/// bundle no longer lists). Cards already added keep their own copies.
void sync_catalog(SQLite::Database& db);

struct CatalogCard {
  std::string card_key, issuer, display_name, network, reward_type, reward_program, notes;
  std::int64_t annual_fee_minor = 0;
  std::int64_t point_value_mc = 0;
  std::vector<std::pair<std::string, std::int64_t>> earn_rates;  ///< category → rate ×100
};

/// The catalog card with this key (ASCII case ignored), or nullopt.
std::optional<CatalogCard> find_catalog_card(SQLite::Database& db, const std::string& card_key);
/// Every catalog card in key order.
std::vector<CatalogCard> all_catalog_cards(SQLite::Database& db);

/// `{category: rate}` with rates as numbers (3, 1.5).
mcp::json earn_rates_json(const std::vector<std::pair<std::string, std::int64_t>>& rates);

/// The seed-shaped JSON of a catalog card (annualFee 95, pointValueCents 1.25).
mcp::json catalog_card_json(const CatalogCard& card);
/// The JSON Schema of catalog_card_json's output.
mcp::json catalog_card_schema();

/// "No catalog card has the key 'x'." plus the closest key when one is near.
std::string unknown_key_message(SQLite::Database& db, const std::string& card_key);

}  // namespace tally::rewards
