#pragma once
// The affiliate tools, by theme; toolset.cc concatenates them in the seed's order.
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::affiliate {

std::vector<mcp::ToolSpec> stats_tools();       ///< get_partner_stats, get_offer_stats, get_top_publishers
std::vector<mcp::ToolSpec> offer_read_tools();  ///< get_offer_config
std::vector<mcp::ToolSpec> offer_write_tools(); ///< create/update/pause offer, secret, payouts, caps
std::vector<mcp::ToolSpec> conversion_read_tools();   ///< get_conversions, list_pending_conversions
std::vector<mcp::ToolSpec> conversion_write_tools();  ///< approve/reject, mark_payout_paid
std::vector<mcp::ToolSpec> fraud_read_tools();  ///< get_fraud_summary, get_fraud_settings
std::vector<mcp::ToolSpec> fraud_write_tools(); ///< set_fraud_settings
std::vector<mcp::ToolSpec> partner_read_tools();   ///< list_coupons
std::vector<mcp::ToolSpec> partner_write_tools();  ///< pause_partner, approve_partner_application, create_coupon

}  // namespace tally::affiliate
