#include "affiliate/brand_time.h"

#include "store/timezone.h"

#include <chrono>
#include <sstream>

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

namespace tally::affiliate {

namespace {
date::sys_days parse_day(const std::string& day) {
  int y = std::stoi(day.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}
std::string format_day(date::sys_days days) { return date::format("%F", days); }
}  // namespace

bool is_time_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::string local_day(const std::string& zone, std::int64_t ms) { return store::local_day(zone, ms); }

DayRange cap_window(const std::string& period, const std::string& day) {
  date::sys_days d = parse_day(day);
  if (period == "weekly") {
    iso_week::year_weeknum_weekday w{d};
    date::sys_days monday{iso_week::year_weeknum_weekday{w.year(), w.weeknum(), iso_week::mon}};
    return {format_day(monday), format_day(monday + date::days{6})};
  }
  if (period == "monthly") {
    date::year_month_day ymd{d};
    date::sys_days first{ymd.year() / ymd.month() / date::day{1}};
    date::sys_days last{ymd.year() / ymd.month() / date::last};
    return {format_day(first), format_day(last)};
  }
  return {day, day};
}

}  // namespace tally::affiliate
