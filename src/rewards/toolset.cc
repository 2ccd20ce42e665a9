#include "rewards/toolset.h"

#include "rewards/commands.h"
#include "rewards/doctor.h"
#include "rewards/rewards_schema.h"
#include "rewards/tools.h"

namespace tally::rewards {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "rewards";
  set.summary = "card rewards: cards, points and cashback, perks, offers, recommendations";
  set.migrations = migrations;
  set.tools = [](store::Store& st) {
    // The seed's nine tools in its order, then the local data entry.
    return std::vector<mcp::ToolSpec>{
        list_cards_tool(st),        list_perks_tool(st),        list_offers_tool(st),
        list_transactions_tool(st), get_billing_status_tool(st), get_catalog_card_tool(st),
        recommend_card_tool(st),    log_transaction_tool(st),    mark_perk_used_tool(st),
        add_card_tool(st),          add_perk_tool(st),           add_offer_tool(st),
        set_billing_tool(st),
    };
  };
  set.instructions =
      "Rewards (Finstracker tools): list_cards shows the wallet; points are whole numbers and "
      "cashback is in dollars. log_transaction's unit must match the card's rewardType. "
      "get_catalog_card lists the bundled card catalog; rewards_add_card adds one by cardKey. "
      "When the billing trial has ended, writes and recommendations answer \"Trial ended…\" "
      "while reads keep working.";
  set.doctor = check_invariants;
  set.commands = add_commands;
  return set;
}

}  // namespace tally::rewards
