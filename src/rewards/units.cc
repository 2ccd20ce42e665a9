#include "rewards/units.h"

#include "store/money.h"

namespace tally::rewards {

namespace {
std::int64_t power_of_ten(int scale) {
  std::int64_t p = 1;
  for (int i = 0; i < scale; ++i) p *= 10;
  return p;
}
}  // namespace

mcp::json scaled_number(std::int64_t value, int scale) {
  std::int64_t p = power_of_ten(scale);
  if (value % p == 0) return value / p;
  // Below 2^53 the nearest double to value/p prints back as the same decimal.
  return static_cast<double>(value) / static_cast<double>(p);
}

std::string scaled_text(std::int64_t value, int scale) {
  std::string text = store::format_minor(value, scale);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::optional<std::int64_t> parse_scaled(std::string_view text, int scale, std::string& error) {
  store::Currency unit{"", scale, ""};
  std::string why;
  auto value = store::parse_minor(text, unit, why);
  if (!value) {
    if (why.find(" decimal") != std::string::npos && why.find(" allows ") != std::string::npos)
      error = "\"" + std::string(text) + "\" has too many decimals (at most " + std::to_string(scale) + ")";
    else if (why.find(" is too large") != std::string::npos)
      error = "\"" + std::string(text) + "\" is too large";
    else
      error = why;
    return std::nullopt;
  }
  if (*value < 0) {
    error = "must not be negative (got " + std::string(text) + ")";
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_points(std::string_view text, std::string& error) {
  auto points = parse_scaled(text, 0, error);
  if (!points && error.find("too many decimals") != std::string::npos)
    error = "points are whole numbers (got " + std::string(text) + ")";
  return points;
}

store::Currency currency_of(const std::string& code) {
  if (auto c = store::find_currency(code)) return *c;
  return *store::find_currency("USD");
}

std::string money_text(std::int64_t minor, const store::Currency& currency) {
  std::string amount = store::format_minor(minor, currency.exponent);
  if (currency.code == "USD") return "$" + amount;
  return amount + " " + std::string(currency.code);
}

}  // namespace tally::rewards
