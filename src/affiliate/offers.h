#pragma once
// Offers: loading one (scoped to the brand), its caps, and the config object
// get_offer_config and the offer writes return. The postback secret never
// leaves this layer except through offer_secret(), which only the postback
// verifier calls.
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "affiliate/payout_rule.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct Offer {
  std::string id;
  std::string name;
  std::string destination_url;
  std::string status;  ///< active or paused
  PayoutRule payout;
  std::optional<std::string> postback_url_template;
  bool secret_set = false;
  mcp::json allowed_ips = mcp::json::array();
  mcp::json geo = mcp::json::array();
  mcp::json devices = mcp::json::array();
  std::string created_at;
};

std::optional<Offer> find_offer(store::Store& st, const Brand& brand, const std::string& offer_id);
/// Throws mcp::ToolError("Offer not found.").
Offer require_offer(store::Store& st, const Brand& brand, const std::string& offer_id);

struct Cap {
  std::string period;  ///< daily, weekly, monthly
  std::int64_t max_conversions = 0;
  bool hard = false;
};
std::vector<Cap> offer_caps(store::Store& st, const std::string& offer_id);
/// {daily, weekly, monthly}: each {maxConversions, hard} or null.
mcp::json caps_json(const std::vector<Cap>& caps);

/// `{base}/{slug}/{offerId}?click_id={CLICK_ID}&txn_id={TXN_ID}&amount={AMOUNT}&event={EVENT_TYPE}`.
std::string inbound_postback_url(const Brand& brand, const std::string& offer_id);
/// The partners' tracking link, {click base}/c/{brand}/{offerId}/{PARTNER_ID} (tally serve --http answers it).
std::string click_url(const Brand& brand, const std::string& offer_id);

/// The full config (keys sorted, so the same offer always prints the same bytes).
mcp::json offer_config(store::Store& st, const Brand& brand, const Offer& offer);

/// The stored secret, or nullopt. For the postback verifier only.
std::optional<std::string> offer_secret(store::Store& st, const std::string& offer_id);

}  // namespace tally::affiliate
