#include "rewards/toolset.h"

#include "rewards/auto_earn.h"
#include "rewards/commands.h"
#include "rewards/doctor.h"
#include "rewards/prompts.h"
#include "rewards/rewards_schema.h"
#include "rewards/tools.h"

namespace tally::rewards {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "rewards";
  set.summary = "card rewards: cards, points and cashback, perks, offers, recommendations";
  set.migrations = migrations;
  set.tools = [] {
    // The seed's nine tools in its order, then the local data entry.
    return std::vector<mcp::ToolSpec>{
        list_cards_tool(),        list_perks_tool(),        list_offers_tool(),
        list_transactions_tool(), get_billing_status_tool(), get_catalog_card_tool(),
        recommend_card_tool(),    log_transaction_tool(),    mark_perk_used_tool(),
        add_card_tool(),          add_perk_tool(),           add_offer_tool(),
        set_billing_tool(),       link_card_tool(),         unlink_card_tool(),
        list_links_tool(),        missed_tool(),
    };
  };
  set.instructions =
      "Rewards (Finstracker tools): list_cards shows the wallet; points are whole numbers and "
      "cashback is in dollars. log_transaction's unit must match the card's rewardType. "
      "get_catalog_card lists the bundled card catalog; rewards_add_card adds one by cardKey. "
      "When the billing trial has ended, writes and recommendations answer \"Trial ended…\" "
      "while reads keep working. rewards_link_card links a card to its credit-card account in the "
      "ledger: expenses posted there then earn on the card automatically; rewards_missed compares "
      "what was earned with the best card in the wallet.";
  set.prompts = [] { return prompts(); };
  set.doctor = check_invariants;
  set.commands = add_commands;
  set.on_ledger_post = on_ledger_post;
  return set;
}

}  // namespace tally::rewards
