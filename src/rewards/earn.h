#pragma once
// What a purchase earns on a card (issue 21, "rewards from real spending"):
// the ledger category a purchase was booked to, mapped to the catalog's reward
// categories, and the points or cashback the card's rate gives on it. Pure
// functions, so the mapping and the integer math are tested without a database.
#include <cstdint>
#include <string>
#include <string_view>

#include "rewards/card_store.h"

namespace tally::rewards {

/// The reward category a ledger category falls in by default: Dining → dining,
/// Groceries → grocery, Travel → travel, Gas/Fuel → gas, Shopping → retail,
/// Entertainment → entertainment, Streaming/Subscriptions → streaming; any other → other.
/// Matched on the folded name, so "GROCERIES" is grocery too.
std::string default_reward_category(std::string_view ledger_category);

/// What `spend_minor` (minor units, `exponent` decimals) in `category` earns on
/// `card`: points = spend × rate/100 per whole currency unit, rounded down;
/// cashback = spend × rate/100 percent, in minor units, rounded down. The rate
/// is the category's, else the card's base ("other") rate.
std::int64_t earn_on(const Card& card, const std::string& category, std::int64_t spend_minor,
                     int exponent);

/// What `amount` of the card's unit is worth in minor units: points ×
/// pointValueCents, rounded down; cashback is itself.
std::int64_t value_minor(const Card& card, std::int64_t amount);

}  // namespace tally::rewards
