#pragma once
// Money on the inbox's pages (issue 18: "money right-aligned in the account's
// currency format"). The server writes the exact decimal and the currency code,
// with the minor-unit integer beside it; inbox.js re-formats it in the browser's
// locale (Intl.NumberFormat on a decimal string, never a float), and with
// JavaScript off the server's text stays.
#include <cstdint>
#include <string>

namespace tally::web {

/// <data class="money" value="MINOR" data-currency="USD" data-exponent="2">12.50 USD</data>
std::string money_html(std::int64_t minor, const std::string& currency);

}  // namespace tally::web
