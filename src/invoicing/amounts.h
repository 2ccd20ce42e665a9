#pragma once
// The integer arithmetic of an invoice (domain.md §1 "One ledger"): quantities
// in thousandths (qty_milli), rates in parts per million (ppm), and half-up
// rounding of every product back to minor units.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::invoicing {

/// Parses a non-negative decimal with at most `decimals` fraction digits into an
/// integer scaled by 10^decimals ("2.5", 3 → 2500). Trailing zeros beyond the
/// scale are fine; a non-zero digit there, a sign, or junk is an error written
/// to `error` (e.g. `"1.2345" has 4 decimals; at most 3 are allowed`).
std::optional<std::int64_t> parse_scaled(std::string_view text, int decimals, std::int64_t max_scaled,
                                         std::string& error);

/// Renders a scaled integer with trailing zeros trimmed: 2500, 3 → "2.5"; 88750, 4 → "8.875".
std::string format_scaled(std::int64_t scaled, int decimals);

/// A line's amount: rate × qty_milli / 1000, rounded half up. Nullopt when it
/// exceeds the money limit.
std::optional<std::int64_t> line_amount(std::int64_t rate_minor, std::int64_t qty_milli);

/// A rate applied once to a subtotal: subtotal × ppm / 10^6, rounded half up.
std::optional<std::int64_t> rate_amount(std::int64_t subtotal_minor, std::int64_t ppm);

/// Percent text ("8.875") from parts per million (88750).
std::string percent_from_ppm(std::int64_t ppm);

}  // namespace tally::invoicing
