#pragma once
// The bundled card catalog: real, widely held US cards with their typical
// terms. It ships in the source tree as data and is written into the
// `catalog_card` table by the rewards migrations (catalog.h), so
// get_catalog_card works on a fresh ledger. Terms change; a revision of this
// table ships with a new migration that calls sync_catalog again.
#include <string_view>
#include <vector>

namespace tally::rewards {

struct CatalogEarnRate {
  std::string_view category;  ///< one of kCategories
  int rate_hundredths;        ///< points per dollar, or percent back, ×100: 3x → 300, 1.5% → 150
};

struct CatalogEntry {
  std::string_view card_key;      ///< issuer-product, lower case: chase-sapphire-preferred
  std::string_view issuer;
  std::string_view display_name;
  std::string_view network;
  std::string_view reward_type;   ///< points | cashback
  std::string_view reward_program;
  int annual_fee_dollars;
  int point_value_millicents;     ///< typical cents per point ×1000: 1.25¢ → 1250; cashback 1000
  std::vector<CatalogEarnRate> earn_rates;  ///< always includes "other", the base rate
  std::string_view notes;         ///< caps, portals and rotating categories the rates leave out
};

/// Every catalog card, in key order.
const std::vector<CatalogEntry>& catalog_entries();

}  // namespace tally::rewards
