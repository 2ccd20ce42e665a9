#pragma once
// A Trcker brand belongs to a workspace; `--brand SLUG` (Store::brand) picks the
// one the tools act on, as a hosted API key would (domain.md §1 "Scoping").
// Every affiliate statement filters on the brand's id, so another brand's ids
// are "not found".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/currency.h"
#include "store/store.h"

namespace tally::affiliate {

inline constexpr const char* kDefaultPostbackBase = "http://127.0.0.1:8765/api/postback";

struct Brand {
  std::string id;
  std::string slug;
  std::string name;
  store::Currency currency;
  std::string timezone;
  std::string postback_base_url;
  std::string click_base_url;  ///< "" = the origin of postback_base_url (see click_base())
  std::string payout_account_id;  ///< ledger account payouts are paid from by default; "" = none
  std::string fraud_mode;  ///< off, monitor, review, reject
  int fraud_threshold = 70;
  bool botd_enabled = false;
};

/// Where the brand's click URLs start: click_base_url, else the origin of its postback base,
/// so get_offer_config prints the same bytes over stdio and HTTP.
std::string click_base(const Brand& brand);

/// The brand by slug in the store's workspace.
std::optional<Brand> find_brand(store::Store& st, const std::string& slug);

/// Slugs of the workspace's brands, sorted.
std::vector<std::string> brand_slugs(store::Store& st);

/// The brand the tools act on: Store::brand when set, else the workspace's only
/// brand. Throws mcp::ToolError naming the choices otherwise. Resolved per call,
/// so a brand created after `tally serve` started is found.
Brand resolve_brand(store::Store& st);

/// Today in the brand's time zone (from the injectable clock).
std::string brand_today(const store::Store& st, const Brand& brand);

}  // namespace tally::affiliate
