#include "store/money.h"

#include <stdexcept>

namespace tally::store {

namespace {

std::string quoted(std::string_view text) {
  std::string t(text.substr(0, 40));
  if (text.size() > 40) t += "...";
  return "\"" + t + "\"";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::int64_t> parse_minor(std::string_view text, const Currency& currency,
                                        std::string& error) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::string digits;  // integer and fraction digits, without the point
  std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) digits += text[i++];
  std::size_t int_digits = i - int_start;
  long fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) digits += text[i++];
    fraction_digits = static_cast<long>(i - start);
    if (fraction_digits == 0) int_digits = 0;  // "1." is malformed
  }
  long exponent = 0;
  if (int_digits > 0 && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool neg_exp = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg_exp = text[i++] == '-';
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i]) && i - start < 6) exponent = exponent * 10 + (text[i++] - '0');
    if (i == start) int_digits = 0;
    if (neg_exp) exponent = -exponent;
  }
  if (int_digits == 0 || i != text.size()) {
    error = quoted(text) + " is not a decimal number (expected digits such as \"12.50\")";
    return std::nullopt;
  }
  // value = digits × 10^(exponent − fraction_digits); we need it × 10^currency.exponent.
  long scale = exponent - fraction_digits + currency.exponent;
  // Drop trailing zeros that scale below the minor unit.
  while (scale < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++scale;
  }
  if (scale < 0) {
    long decimals = currency.exponent - scale;
    error = quoted(text) + " has " + std::to_string(decimals) + " decimal" + (decimals == 1 ? "" : "s") +
            "; " + std::string(currency.code) + " allows " + std::to_string(currency.exponent);
    return std::nullopt;
  }
  std::size_t first = digits.find_first_not_of('0');
  std::string_view significant =
      first == std::string::npos ? std::string_view() : std::string_view(digits).substr(first);
  std::int64_t minor = 0;
  bool too_large = significant.size() + static_cast<std::size_t>(scale) > 16;
  if (!too_large) {
    for (char c : significant) minor = minor * 10 + (c - '0');
    for (long k = 0; k < scale && minor != 0; ++k) minor *= 10;
    too_large = minor > kMaxMinor;
  }
  if (too_large) {
    error = quoted(text) + " is too large (at most " + format_minor(kMaxMinor, currency.exponent) +
            " " + std::string(currency.code) + ")";
    return std::nullopt;
  }
  return negative ? -minor : minor;
}

std::string format_minor(std::int64_t minor, int exponent) {
  std::uint64_t magnitude = minor < 0 ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (exponent > 0) {
    if (digits.size() <= static_cast<std::size_t>(exponent))
      digits.insert(0, static_cast<std::size_t>(exponent) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(exponent), ".");
  }
  return minor < 0 ? "-" + digits : digits;
}

nlohmann::json money_json(std::int64_t minor, const Currency& currency) {
  return {{"amountMinor", minor},
          {"amount", format_minor(minor, currency.exponent)},
          {"currency", std::string(currency.code)}};
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("amount overflow");
  return r;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("amount overflow");
  return r;
}

std::vector<std::int64_t> split_evenly(std::int64_t total, int parts) {
  std::vector<std::int64_t> shares;
  if (parts <= 0) return shares;
  std::int64_t base = total / parts, extra = total % parts;
  for (int i = 0; i < parts; ++i) shares.push_back(base + (i < extra ? 1 : 0));
  return shares;
}

}  // namespace tally::store
