#pragma once
// The spending categories Finstracker uses for offers, earn rates and
// recommendations (seed 001, list_offers `category`).
#include <array>
#include <string_view>

namespace tally::rewards {

inline constexpr std::array<std::string_view, 8> kCategories = {
    "dining", "travel", "streaming", "retail", "grocery", "gas", "entertainment", "other"};

/// The category a card earns its base rate in when no specific rate applies.
inline constexpr std::string_view kBaseCategory = "other";

/// The enum list as schema::enumeration takes it, in the seed's order.
#define TALLY_REWARDS_CATEGORIES \
  "dining", "travel", "streaming", "retail", "grocery", "gas", "entertainment", "other"

inline bool is_category(std::string_view name) {
  for (auto c : kCategories)
    if (c == name) return true;
  return false;
}

}  // namespace tally::rewards
