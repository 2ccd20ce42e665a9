#include "invoicing/dates.h"

#include <cstdio>

#include "mcp/tool.h"
#include "util/calendar.h"

namespace tally::invoicing {

namespace {

// Howard Hinnant's civil-date algorithms (proleptic Gregorian).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
  return buf;
}

long day_number(const std::string& date) {
  return days_from_civil(std::stol(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                         static_cast<unsigned>(std::stoi(date.substr(8, 2))));
}

}  // namespace

mcp::schema::Field date_param(const std::string& name, const std::string& description) {
  return mcp::schema::Field(name, {{"type", "string"}, {"minLength", 10}, {"maxLength", 35}})
      .describe(description + " (ISO 8601: YYYY-MM-DD; a date-time's date is used)");
}

std::optional<std::string> date_arg(const mcp::Args& args, const std::string& key) {
  std::optional<std::string> text = args.opt_str(key);
  if (!text) return std::nullopt;
  std::string day = text->substr(0, 10);
  bool ok = text->size() == 10 ? util::is_real_date(*text) : util::is_datetime(*text);
  if (!ok || !util::is_real_date(day)) {
    std::string problem = util::date_problem(day);  // "" when only the time part is wrong
    throw mcp::ToolError(args.path_of(key) + ": \"" + *text + "\" " +
                         (problem.empty() ? "is not a real calendar date (expected YYYY-MM-DD)" : problem));
  }
  return day;
}

void check_range(const std::string& start, const std::string& end) {
  if (start > end)
    throw mcp::ToolError("startDate (" + start + ") is after endDate (" + end +
                         "); the range is inclusive, so give a start on or before the end");
}

std::string add_days(const std::string& date, int days) { return civil_from_days(day_number(date) + days); }

long days_between(const std::string& from, const std::string& to) { return day_number(to) - day_number(from); }

}  // namespace tally::invoicing
