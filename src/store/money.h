#pragma once
// Money is an int64 count of minor units plus an ISO 4217 currency, parsed from
// text and never through a double (domain.md §1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/currency.h"

namespace tally::store {

/// The largest magnitude accepted, in minor units: JSON-safe (below 2^53).
inline constexpr std::int64_t kMaxMinor = 1'000'000'000'000'000;

/// Parses a decimal ("12.50", "-3", "1.5e1") into minor units of `currency`.
/// Trailing zeros beyond the exponent are fine; a non-zero digit there is an
/// error, never rounded. On failure returns nullopt and sets `error`, e.g.
/// `"10.005" has 3 decimals; USD allows 2`.
std::optional<std::int64_t> parse_minor(std::string_view text, const Currency& currency,
                                        std::string& error);

/// Renders minor units with the currency's decimals: 3334, USD → "33.34".
std::string format_minor(std::int64_t minor, int exponent);

/// `{amountMinor, amount, currency}` — the shape every money value takes in output.
nlohmann::json money_json(std::int64_t minor, const Currency& currency);

/// Checked int64 arithmetic: throws std::overflow_error instead of wrapping.
std::int64_t checked_add(std::int64_t a, std::int64_t b);
std::int64_t checked_mul(std::int64_t a, std::int64_t b);

/// Splits `total` into `parts` shares that sum to it exactly; the first
/// `total % parts` shares carry the extra minor unit.
std::vector<std::int64_t> split_evenly(std::int64_t total, int parts);

}  // namespace tally::store
