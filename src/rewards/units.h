#pragma once
// Seed-shaped numbers (annualFee 95, pointValueCents 1.25, currentCashBack
// 12.5) rendered from exact integers, and exact parsing of scaled decimals.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"
#include "store/currency.h"
#include "store/money_schema.h"

namespace tally::rewards {

/// value / 10^scale as a JSON number: an integer when whole (95), else the
/// shortest double that prints the exact decimal (1.25). |value| < 2^53.
mcp::json scaled_number(std::int64_t value, int scale);

/// value / 10^scale as an exact decimal string without trailing zeros: "3.75", "2".
std::string scaled_text(std::int64_t value, int scale);

/// Parses a non-negative decimal with at most `scale` decimals into value × 10^scale.
/// On failure returns nullopt and sets `error` to a text naming `what`.
std::optional<std::int64_t> parse_scaled(std::string_view text, int scale, std::string& error);

/// Parses a non-negative whole number of points: "10.5" fails with
/// "points are whole numbers (got 10.5)".
std::optional<std::int64_t> parse_points(std::string_view text, std::string& error);

/// The card currency, falling back to USD for codes the table lacks.
store::Currency currency_of(const std::string& code);

/// "$15.00" for USD, else "15.00 EUR": money inside human sentences.
std::string money_text(std::int64_t minor, const store::Currency& currency);

/// How the rewards tools word store::money_schema.
inline constexpr store::MoneyWording kMoneyWording{.shape_note = " {amountMinor, amount, currency}"};

}  // namespace tally::rewards
