#pragma once
// Calendar checks done in C++ because SQLite's date() accepts 2024-02-30 (domain.md §0).
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

}  // namespace tally::util
