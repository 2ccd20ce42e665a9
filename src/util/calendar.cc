#include "util/calendar.h"

#include <algorithm>
#include <cstdio>

namespace tally::util {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number_at(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

bool in_range(std::string_view day) {
  return day >= kFirstDate && day <= kLastDate;
}

const char* const kOutOfRange = "is outside the dates Tally accepts (1900-01-01 to 2199-12-31)";

}  // namespace

/// A real calendar day, whatever its year.
bool is_calendar_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4) || !digits(s, 5, 2) || !digits(s, 8, 2)) return false;
  int y = number_at(s, 0, 4), m = number_at(s, 5, 2), d = number_at(s, 8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= days_in_month(y, m);
}

bool is_real_date(std::string_view s) {
  return is_calendar_day(s) && in_range(s);
}

bool is_datetime(std::string_view s) {
  if (s.size() < 19 || !is_real_date(s.substr(0, 10))) return false;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  if (!digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2))
    return false;
  if (number_at(s, 11, 2) > 23 || number_at(s, 14, 2) > 59 || number_at(s, 17, 2) > 60)
    return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return true;  // no zone: read as UTC
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if ((s[i] == '+' || s[i] == '-') && s.size() == i + 6 && digits(s, i + 1, 2) && s[i + 3] == ':' &&
      digits(s, i + 4, 2))
    return true;
  return false;
}

std::string date_problem(std::string_view text) {
  if (is_real_date(text)) return "";
  if (is_calendar_day(text)) return kOutOfRange;
  return "is not a real calendar date (expected YYYY-MM-DD)";
}

std::string datetime_problem(std::string_view text) {
  if (is_datetime(text)) return "";
  if (text.size() >= 10 && is_calendar_day(text.substr(0, 10)) && !in_range(text.substr(0, 10)))
    return kOutOfRange;
  return "is not an ISO 8601 date-time (expected YYYY-MM-DDTHH:MM:SSZ)";
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// day_number and date_of_day are Howard Hinnant's civil-date algorithms.
std::int64_t day_number(std::string_view date) {
  std::int64_t y = number_at(date, 0, 4);
  const auto m = static_cast<unsigned>(number_at(date, 5, 2));
  const auto d = static_cast<unsigned>(number_at(date, 8, 2));
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string date_of_day(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string add_days(std::string_view date, std::int64_t days) {
  return date_of_day(day_number(date) + days);
}

std::int64_t days_between(std::string_view from, std::string_view to) {
  return day_number(to) - day_number(from);
}

std::string add_months(std::string_view date, int months) {
  int y = number_at(date, 0, 4), m = number_at(date, 5, 2), d = number_at(date, 8, 2);
  bool month_end = d == days_in_month(y, m);
  int index = y * 12 + (m - 1) + months;
  y = index / 12;
  m = index % 12 + 1;
  d = month_end ? days_in_month(y, m) : std::min(d, days_in_month(y, m));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace tally::util
