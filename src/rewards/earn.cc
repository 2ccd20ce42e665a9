#include "rewards/earn.h"

#include <array>
#include <utility>

#include "util/fold.h"

namespace tally::rewards {

namespace {

// Folded ledger category names (the defaults `tally init` creates, and the
// common names people use) → catalog category.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kDefaults = {{
    {"dining", "dining"},
    {"restaurants", "dining"},
    {"groceries", "grocery"},
    {"grocery", "grocery"},
    {"travel", "travel"},
    {"flights", "travel"},
    {"hotels", "travel"},
    {"gas", "gas"},
    {"fuel", "gas"},
    {"shopping", "retail"},
    {"retail", "retail"},
    {"entertainment", "entertainment"},
    {"streaming", "streaming"},
    {"subscriptions", "streaming"},
    {"transport", "other"},
    {"uncategorized", "other"},
}};

}  // namespace

std::string default_reward_category(std::string_view ledger_category) {
  const std::string folded = util::fold_name(ledger_category);
  for (const auto& [name, category] : kDefaults)
    if (folded == name) return std::string(category);
  return "other";
}

std::int64_t earn_on(const Card& card, const std::string& category, std::int64_t spend_minor,
                     int exponent) {
  if (spend_minor <= 0) return 0;
  // 128-bit: spend up to 10^15 minor units times a rate ×100 does not fit in 64.
  __int128 product = static_cast<__int128>(spend_minor) * card.earn_rate(category);
  if (!card.is_points()) return static_cast<std::int64_t>(product / 10000);
  __int128 unit = 100;
  for (int i = 0; i < exponent; ++i) unit *= 10;
  return static_cast<std::int64_t>(product / unit);
}

std::int64_t value_minor(const Card& card, std::int64_t amount) {
  if (!card.is_points()) return amount;
  return static_cast<std::int64_t>(static_cast<__int128>(amount) * card.point_value_mc / 1000);
}

}  // namespace tally::rewards
