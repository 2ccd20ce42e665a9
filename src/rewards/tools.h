#pragma once
// The rewards tools, one factory each, bound to the store. The nine seed tools
// keep seed 001's names, parameters, defaults and limits (as JSON Schema
// keywords); the rewards_* tools are the local data entry the hosted web app
// provides (domain.md §2 "Names of the tools the seeds do not have").
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::rewards {

// card_tools.cc
mcp::ToolSpec list_cards_tool();
mcp::ToolSpec get_catalog_card_tool();
mcp::ToolSpec add_card_tool();
// reward_tools.cc
mcp::ToolSpec list_transactions_tool();
mcp::ToolSpec log_transaction_tool();
// perk_tools.cc
mcp::ToolSpec list_perks_tool();
mcp::ToolSpec mark_perk_used_tool();
mcp::ToolSpec add_perk_tool();
// offer_tools.cc
mcp::ToolSpec list_offers_tool();
mcp::ToolSpec add_offer_tool();
// recommend_tool.cc
mcp::ToolSpec recommend_card_tool();
// link_tools.cc
mcp::ToolSpec link_card_tool();
mcp::ToolSpec unlink_card_tool();
mcp::ToolSpec list_links_tool();
// missed_tool.cc
mcp::ToolSpec missed_tool();
// billing_tools.cc
mcp::ToolSpec get_billing_status_tool();
mcp::ToolSpec set_billing_tool();

/// `{type: object, properties: {count, <key>: [item]}, …}` for list results.
mcp::json list_schema(const char* key, mcp::json item, bool with_truncated);

}  // namespace tally::rewards
