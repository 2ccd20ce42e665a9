#pragma once
// Cards linked to a credit-card account of the ledger (rewards_link_card):
// the SQL of card_link and its category overrides. One card per account and
// one account per card, both in the workspace.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace tally::rewards {

struct CardLink {
  std::string card_id;
  std::string account_id;
  std::string created_at;
  /// Overrides of the default map: ledger category name → reward category.
  std::vector<std::pair<std::string, std::string>> category_map;
};

std::optional<CardLink> find_link(store::Store& st, const std::string& card_id);
/// The card linked to this ledger account, if any.
std::optional<std::string> card_linked_to(store::Store& st, const std::string& account_id);
/// Every link of the workspace, oldest first.
std::vector<CardLink> all_links(store::Store& st);

void insert_link(store::Store& st, const CardLink& link);
/// Removes the link (earlier earns stay); false when the card had none.
bool delete_link(store::Store& st, const std::string& card_id);

/// The reward category a ledger category earns in on this card: its override,
/// else default_reward_category.
std::string reward_category_for(store::Store& st, const std::string& card_id,
                                const std::string& ledger_category);

}  // namespace tally::rewards
