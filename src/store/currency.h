#pragma once
// ISO 4217 currencies and their minor-unit exponents (domain.md §1).
#include <optional>
#include <span>
#include <string_view>

namespace tally::store {

struct Currency {
  std::string_view code;  ///< upper-case ISO 4217 alpha code
  int exponent;           ///< digits after the decimal point: JPY 0, USD 2, KWD 3, CLF 4
  std::string_view name;
};

/// Looks a code up, case-sensitively (codes are upper case).
std::optional<Currency> find_currency(std::string_view code);
std::span<const Currency> all_currencies();

}  // namespace tally::store
