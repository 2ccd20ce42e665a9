#pragma once
// Calendar checks and day arithmetic on YYYY-MM-DD text, done in C++ because SQLite's
// date() accepts 2024-02-30 (domain.md §0). One copy for every toolset.
#include <cstdint>
#include <string>
#include <string_view>

namespace tally::util {

/// The dates Tally accepts: a year 1 or 9999 is a typo, and hledger, beancount and
/// spreadsheets disagree about dates that far out.
inline constexpr std::string_view kFirstDate = "1900-01-01";
inline constexpr std::string_view kLastDate = "2199-12-31";

/// YYYY-MM-DD naming a day that exists (leap years included), kFirstDate … kLastDate.
bool is_real_date(std::string_view text);
/// YYYY-MM-DD naming a day that exists, in any year from 0001 (for parsers that then say
/// why a date is refused).
bool is_calendar_day(std::string_view text);
/// An ISO 8601 date-time: a real date, T, hh:mm:ss, optional fraction, optional Z or ±hh:mm.
bool is_datetime(std::string_view text);

/// Why `text` is not an accepted date, to follow the quoted value:
/// "is not a real calendar date (expected YYYY-MM-DD)", or, for a real day outside the
/// range, "is outside the dates Tally accepts (1900-01-01 to 2199-12-31)".
std::string date_problem(std::string_view text);
/// The same for a date-time: "is not an ISO 8601 date-time (expected YYYY-MM-DDTHH:MM:SSZ)"
/// or the range.
std::string datetime_problem(std::string_view text);

/// Days in `month` (1–12) of `year`: 28 to 31.
int days_in_month(int year, int month);

// The arithmetic below expects a real date (is_real_date); it does not check again.

/// Days from 1970-01-01 to `date` (negative before it), proleptic Gregorian.
std::int64_t day_number(std::string_view date);
/// The YYYY-MM-DD date `days` after 1970-01-01: day_number's inverse.
std::string date_of_day(std::int64_t days);

/// The day `days` after (or before, when negative) `date`.
std::string add_days(std::string_view date, std::int64_t days);
/// Whole days from `from` to `to` (positive when `to` is later).
std::int64_t days_between(std::string_view from, std::string_view to);
/// `date` moved by `months`, clamped to the month's last day; a month-end date
/// stays a month-end date (2026-01-31 + 1 → 2026-02-28 → 2026-03-31).
std::string add_months(std::string_view date, int months);

}  // namespace tally::util
