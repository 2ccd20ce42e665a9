#pragma once
// Conversions: one row per accepted postback, its payout fixed when recorded.
// Lists are newest first and keyset-paginated on (created_at, id).
#include <optional>
#include <string>
#include <vector>

#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct Conversion {
  std::string id;
  std::string offer_id;
  std::string partner_id;
  std::optional<std::string> click_id;
  std::optional<std::string> txn_ref;
  std::string event_type;
  std::int64_t sale_minor = 0;
  std::int64_t payout_minor = 0;
  std::string status;
  std::optional<std::string> reject_reason;
  std::optional<int> fraud_score;
  bool fraud_flagged = false;
  mcp::json fraud_reasons = mcp::json::array();
  bool over_cap = false;
  std::optional<std::string> coupon_code;
  std::optional<std::string> payout_id;
  std::string day;
  std::string created_at;
};

std::optional<Conversion> find_conversion(store::Store& st, const Brand& brand, const std::string& id);
/// Throws mcp::ToolError("Conversion not found.").
Conversion require_conversion(store::Store& st, const Brand& brand, const std::string& id);
mcp::json conversion_json(const Conversion& c, const Brand& brand);

struct ConversionQuery {
  std::vector<std::string> statuses;  ///< empty = any
  std::optional<std::string> offer_id;
  std::optional<std::string> partner_id;
  int limit = 50;
  std::optional<std::string> cursor;  ///< the nextCursor of the previous page
};

/// {conversions, count, truncated, nextCursor?}. Throws mcp::ToolError on a foreign or unknown cursor.
mcp::json list_conversions(store::Store& st, const Brand& brand, const ConversionQuery& query);

}  // namespace tally::affiliate
