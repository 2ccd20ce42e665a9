#include "ledger/rate_math.h"

#include <stdexcept>

namespace tally::ledger {

namespace {

using i128 = __int128;

i128 mul(i128 a, i128 b) {
  i128 r;
  if (__builtin_mul_overflow(a, b, &r))
    throw ConversionOverflow("the conversion overflows 128-bit arithmetic");
  return r;
}

i128 plus(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r))
    throw ConversionOverflow("the conversion overflows 128-bit arithmetic");
  return r;
}

i128 pow10(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r = mul(r, 10);
  return r;
}

i128 abs128(i128 v) {
  return v < 0 ? -v : v;
}

i128 gcd(i128 a, i128 b) {
  a = abs128(a);
  b = abs128(b);
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a == 0 ? 1 : a;
}

Fraction reduced(i128 num, i128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 g = gcd(num, den);
  return {num / g, den / g};
}

}  // namespace

std::optional<Rate> parse_rate(const std::string& text, std::string& error) {
  if (text.empty()) {
    error = "is empty; give a decimal such as \"1.0834\"";
    return std::nullopt;
  }
  if (text[0] == '-') {
    error = "\"" + text + "\" is negative; a rate is greater than 0";
    return std::nullopt;
  }
  if (text.size() > 40) {
    error = "has " + std::to_string(text.size()) +
            " characters; a rate has at most 18 significant digits";
    return std::nullopt;
  }
  std::string digits;
  int scale = 0;
  bool point = false;
  for (char c : text) {
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digits += c;
      if (point) ++scale;
    } else {
      error = "\"" + text + "\" is not a plain decimal such as \"1.0834\"";
      return std::nullopt;
    }
  }
  if (digits.empty() || text.front() == '.' || text.back() == '.') {
    error = "\"" + text + "\" is not a plain decimal such as \"1.0834\"";
    return std::nullopt;
  }
  while (scale > 0 && digits.back() == '0') {  // 1.50 is 15/10
    digits.pop_back();
    --scale;
  }
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    error = "\"" + text + "\" is zero; a rate is greater than 0";
    return std::nullopt;
  }
  digits = digits.substr(first);
  if (digits.size() > 18) {
    error =
        "\"" + text + "\" has " + std::to_string(digits.size()) + " significant digits; at most 18";
    return std::nullopt;
  }
  if (scale > 18) {
    error = "\"" + text + "\" has " + std::to_string(scale) + " decimals; at most 18";
    return std::nullopt;
  }
  return Rate{std::stoll(digits), scale};
}

std::string rate_text(const Rate& r) {
  std::string d = std::to_string(r.numerator);
  if (r.scale == 0) return d;
  if (static_cast<int>(d.size()) <= r.scale)
    d.insert(0, static_cast<std::size_t>(r.scale) - d.size() + 1, '0');
  d.insert(d.size() - static_cast<std::size_t>(r.scale), ".");
  return d;
}

Fraction convert(std::int64_t minor, int from_exp, int to_exp, const Rate& rate, bool inverse) {
  // minor / 10^from major units; × n/10^k (or × 10^k/n) in the other currency; × 10^to minor units.
  i128 num = mul(mul(minor, inverse ? pow10(rate.scale) : rate.numerator), pow10(to_exp));
  i128 den = mul(pow10(from_exp), inverse ? i128{rate.numerator} : pow10(rate.scale));
  return reduced(num, den);
}

Fraction add(const Fraction& a, const Fraction& b) {
  i128 g = gcd(a.den, b.den);
  i128 da = a.den / g;
  return reduced(plus(mul(a.num, b.den / g), mul(b.num, da)), mul(da, b.den));
}

std::int64_t round_half_even(const Fraction& f) {
  i128 n = abs128(f.num);
  i128 q = n / f.den, r = n % f.den;
  i128 twice = mul(r, 2);
  if (twice > f.den || (twice == f.den && q % 2 == 1)) q = plus(q, 1);
  if (q > INT64_MAX) throw ConversionOverflow("the converted amount does not fit in 64 bits");
  return static_cast<std::int64_t>(f.num < 0 ? -q : q);
}

}  // namespace tally::ledger
