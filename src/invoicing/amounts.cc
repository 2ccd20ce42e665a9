#include "invoicing/amounts.h"

#include "store/money.h"

namespace tally::invoicing {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view text) {
  std::string t(text.substr(0, 40));
  if (text.size() > 40) t += "...";
  return "\"" + t + "\"";
}

/// (a × b + d/2) / d for non-negative a, b, computed in 128 bits so no product overflows.
std::optional<std::int64_t> mul_div_half_up(std::int64_t a, std::int64_t b, std::int64_t d) {
  if (a < 0 || b < 0) return std::nullopt;
  __int128 product = static_cast<__int128>(a) * b;
  __int128 rounded = (product + d / 2) / d;
  if (rounded > store::kMaxMinor) return std::nullopt;
  return static_cast<std::int64_t>(rounded);
}

}  // namespace

std::optional<std::int64_t> parse_scaled(std::string_view text, int decimals, std::int64_t max_scaled,
                                         std::string& error) {
  std::size_t i = 0;
  std::int64_t whole = 0;
  std::size_t start = i;
  while (i < text.size() && is_digit(text[i])) {
    if (i - start >= 16) {
      error = quoted(text) + " is too large";
      return std::nullopt;
    }
    whole = whole * 10 + (text[i++] - '0');
  }
  bool has_whole = i > start;
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  bool has_fraction = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t fstart = i;
    std::string extra;
    while (i < text.size() && is_digit(text[i])) {
      if (fraction_digits < decimals) {
        fraction = fraction * 10 + (text[i] - '0');
        ++fraction_digits;
      } else {
        extra += text[i];
      }
      ++i;
    }
    has_fraction = i > fstart;
    if (extra.find_first_not_of('0') != std::string::npos) {
      std::size_t total = static_cast<std::size_t>(fraction_digits) + extra.size();
      while (total > 0 && text[fstart + total - 1] == '0') --total;
      error = quoted(text) + " has " + std::to_string(total) + " decimals; at most " +
              std::to_string(decimals) + " are allowed";
      return std::nullopt;
    }
    if (!has_fraction) has_whole = false;  // "1." is malformed
  }
  if (!has_whole || i != text.size()) {
    error = quoted(text) + " is not a non-negative decimal number (expected digits such as \"2.5\")";
    return std::nullopt;
  }
  for (; fraction_digits < decimals; ++fraction_digits) fraction *= 10;
  std::int64_t scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  __int128 value = static_cast<__int128>(whole) * scale + fraction;
  if (value > max_scaled) {
    error = quoted(text) + " is too large (at most " + format_scaled(max_scaled, decimals) + ")";
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

std::string format_scaled(std::int64_t scaled, int decimals) {
  std::string text = store::format_minor(scaled, decimals);
  if (decimals > 0) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::optional<std::int64_t> line_amount(std::int64_t rate_minor, std::int64_t qty_milli) {
  return mul_div_half_up(rate_minor, qty_milli, 1000);
}

std::optional<std::int64_t> rate_amount(std::int64_t subtotal_minor, std::int64_t ppm) {
  return mul_div_half_up(subtotal_minor, ppm, 1'000'000);
}

std::string percent_from_ppm(std::int64_t ppm) { return format_scaled(ppm, 4); }

}  // namespace tally::invoicing
