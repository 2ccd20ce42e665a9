#pragma once
// Exact currency conversion (issue 20): a rate is a decimal `numerator / 10^scale`
// parsed from text, never a double; a converted amount is an exact fraction of
// minor units, summed exactly and rounded once, half to even, at the end.
// Wide (__int128) arithmetic with every step checked: an overflow is an error,
// never a wrong figure.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace tally::ledger {

/// 1 base = numerator / 10^scale quote. numerator ≥ 1, < 10^18; scale ≤ 18.
struct Rate {
  std::int64_t numerator = 0;
  int scale = 0;
};

/// Parses "1.0834"; trailing fractional zeros are dropped ("1.50" → 15/10).
/// On a bad rate returns nullopt and says why in `error` (zero, negative, not a
/// plain decimal, more than 18 significant digits or decimals).
std::optional<Rate> parse_rate(const std::string& text, std::string& error);
/// The rate as its shortest decimal text: 15/10 → "1.5".
std::string rate_text(const Rate& r);

/// An exact fraction num/den with den > 0, kept reduced.
struct Fraction {
  __int128 num = 0;
  __int128 den = 1;
};

/// Thrown when a figure would not fit in 128 bits (or the result in int64).
struct ConversionOverflow : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// `minor` units of a currency with exponent `from_exp`, in minor units of one
/// with exponent `to_exp`, at `rate` (1 from = rate to), or at its inverse
/// (1 to = rate from) when `inverse`. Exact.
Fraction convert(std::int64_t minor, int from_exp, int to_exp, const Rate& rate, bool inverse);
/// a + b, exact.
Fraction add(const Fraction& a, const Fraction& b);
/// The nearest integer, ties to even; throws ConversionOverflow beyond int64.
std::int64_t round_half_even(const Fraction& f);

}  // namespace tally::ledger
