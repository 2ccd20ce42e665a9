#pragma once
// Cards in the wallet: the SQL behind list_cards, rewards_add_card and the
// balance updates of log_transaction. Every statement is scoped to the
// workspace, so another wallet's card is "Card not found." (seed 001).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::rewards {

inline constexpr const char* kCardNotFound = "Card not found.";

struct SignupBonus {
  std::int64_t spend_required_minor = 0;
  std::int64_t current_spend_minor = 0;
  std::int64_t bonus_amount = 0;  ///< points, or minor units for a cashback card
  bool applied = false;
};

struct Card {
  std::string id;
  std::optional<std::string> card_key;
  std::string issuer, display_name, reward_type, currency;
  std::int64_t current_points = 0;
  std::int64_t current_cashback_minor = 0;
  std::int64_t point_value_mc = 1000;
  std::int64_t annual_fee_minor = 0;
  std::optional<SignupBonus> signup;
  std::vector<std::pair<std::string, std::int64_t>> earn_rates;  ///< category → rate ×100

  bool is_points() const { return reward_type == "points"; }
  std::int64_t balance() const { return is_points() ? current_points : current_cashback_minor; }
  /// The rate in `category`, else the base ("other") rate, else 0.
  std::int64_t earn_rate(const std::string& category) const;
};

/// The card with this id in the workspace (earn rates included), or nullopt.
std::optional<Card> find_card(store::Store& st, const std::string& id);
/// Throws ToolError("Card not found.") when absent.
Card require_card(store::Store& st, const std::string& id);
/// Every card in the workspace, oldest first.
std::vector<Card> all_cards(store::Store& st);

/// Inserts the card (its id must be set) with zero balances and its earn rates.
void insert_card(store::Store& st, const Card& card);
/// Sets the card's balance in its unit; the CHECKs refuse a negative balance.
void set_balance(store::Store& st, const std::string& card_id, bool points, std::int64_t balance);

/// The seed's list_cards entry (currentCashBack in dollars, annualFee 95, pointValueCents 1.25).
mcp::json card_json(const Card& card);
mcp::json card_schema();

}  // namespace tally::rewards
