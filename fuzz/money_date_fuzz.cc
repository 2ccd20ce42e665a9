// Target (b): the Money parser and the calendar. Invariants: a parsed amount
// formats to canonical text that parses back to the same minor units; text that
// is already canonical formats back to itself; a real date survives the trip
// through its day number, and day arithmetic agrees with itself.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "%s: \"%.*s\"\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

/// "-"? digits without a leading zero, then exactly `exponent` decimals; never "-0".
bool canonical(std::string_view t, int exponent) {
  std::size_t i = 0;
  const bool negative = !t.empty() && t[0] == '-';
  if (negative) ++i;
  std::size_t start = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  const std::size_t int_digits = i - start;
  if (int_digits == 0 || (int_digits > 1 && t[start] == '0')) return false;
  if (exponent > 0) {
    if (i >= t.size() || t[i] != '.') return false;
    std::size_t f = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i - f != static_cast<std::size_t>(exponent)) return false;
  }
  if (i != t.size()) return false;
  if (negative && t.find_first_not_of("-0.") == std::string_view::npos) return false;  // "-0.00"
  return true;
}

void check_money(std::string_view text, const tally::store::Currency& currency) {
  using namespace tally::store;
  std::string error;
  auto minor = parse_minor(text, currency, error);
  if (!minor) {
    if (error.empty()) fail("a refused amount without a message", text);
    return;
  }
  if (*minor > kMaxMinor || *minor < -kMaxMinor)
    fail("an amount beyond kMaxMinor was accepted", text);
  const std::string formatted = format_minor(*minor, currency.exponent);
  auto again = parse_minor(formatted, currency, error);
  if (!again || *again != *minor) fail("the formatted amount does not parse back", text);
  if (!canonical(formatted, currency.exponent)) fail("format_minor wrote non-canonical text", text);
  if (canonical(text, currency.exponent) && formatted != text)
    fail("canonical text did not format to itself", text);
}

void check_date(std::string_view text, std::int64_t shift) {
  using namespace tally::util;
  const bool real = is_real_date(text);
  if (real && !is_calendar_day(text)) fail("a real date that is not a calendar day", text);
  if (!real && date_problem(text).empty()) fail("a refused date without a problem", text);
  (void)is_datetime(text);
  if (!is_datetime(text)) (void)datetime_problem(text);
  if (!real) return;
  if (date_of_day(day_number(text)) != text) fail("day_number does not invert", text);
  const std::string later = add_days(text, shift);
  if (days_between(text, later) != shift) fail("add_days and days_between disagree", text);
  if (!is_calendar_day(add_months(text, static_cast<int>(shift % 2400))))
    fail("add_months left the calendar", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > 256) return -1;
  const auto currencies = tally::store::all_currencies();
  const auto& currency = currencies[data[0] % currencies.size()];
  const std::int64_t shift =
      static_cast<std::int8_t>(data[1]) * 997;  // up to ~350 years either way
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  check_money(text, currency);
  check_date(text, shift);
  return 0;
}
