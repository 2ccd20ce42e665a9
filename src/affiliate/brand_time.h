#pragma once
// Brand time: the calendar a brand's stats and caps count in (its IANA time
// zone, UTC by default), via Howard Hinnant's date/tz over the system tz database.
#include <cstdint>
#include <string>

namespace tally::affiliate {

/// True when `zone` names a zone in the tz database ("UTC", "Europe/Berlin").
bool is_time_zone(const std::string& zone);

/// The local calendar day (YYYY-MM-DD) of the instant `ms` (epoch ms) in `zone`.
std::string local_day(const std::string& zone, std::int64_t ms);

/// The inclusive days of the cap window holding `day`: daily is the day, weekly the
/// ISO week (Monday to Sunday), monthly the calendar month.
struct DayRange {
  std::string from;
  std::string to;
};
DayRange cap_window(const std::string& period, const std::string& day);

}  // namespace tally::affiliate
