#include "util/calendar.h"

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
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
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

}  // namespace tally::util
