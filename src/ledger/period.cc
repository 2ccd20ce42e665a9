#include "ledger/period.h"

#include <cstdio>

#include "mcp/tool.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string ymd(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string month_first(std::string_view date) {
  return std::string(date.substr(0, 8)) + "01";
}

std::string month_last(std::string_view date) {
  int y = number(date.substr(0, 4)), m = number(date.substr(5, 2));
  return ymd(y, m, util::days_in_month(y, m));
}

Period months_from(int y, int m, int count, std::string label) {
  std::string start = ymd(y, m, 1);
  std::string last_month_start = util::add_months(start, count - 1);
  return {start, month_last(last_month_start), std::move(label)};
}

[[noreturn]] void bad_period(std::string_view text, std::string_view param) {
  throw mcp::ToolError(std::string(param) + ": \"" + std::string(text) +
                       "\" is not a period (expected " + kPeriodForms + ")");
}

void check_range(const Period& p, std::string_view text, std::string_view param) {
  if (!util::is_real_date(p.start) || !util::is_real_date(p.end))
    throw mcp::ToolError(std::string(param) + ": \"" + std::string(text) +
                         "\" is outside the dates Tally accepts (" + std::string(util::kFirstDate) +
                         " to " + std::string(util::kLastDate) + ")");
}

}  // namespace

Period parse_period(std::string_view text, std::string_view today, std::string_view param) {
  std::string label(text);
  int ty = number(today.substr(0, 4)), tm = number(today.substr(5, 2));
  Period p;
  if (text == "this-month") {
    p = months_from(ty, tm, 1, label);
  } else if (text == "last-month") {
    std::string first = util::add_months(month_first(today), -1);
    p = months_from(number(first.substr(0, 4)), number(first.substr(5, 2)), 1, label);
  } else if (text == "ytd") {
    p = {ymd(ty, 1, 1), std::string(today), label};
  } else if (text == "last-12-months") {
    std::string first = util::add_months(month_first(today), -12);
    p = months_from(number(first.substr(0, 4)), number(first.substr(5, 2)), 12, label);
  } else if (text.size() == 4 && digits(text)) {
    p = months_from(number(text), 1, 12, label);
  } else if (text.size() == 7 && text[4] == '-' && digits(text.substr(0, 4)) &&
             digits(text.substr(5, 2))) {
    int m = number(text.substr(5, 2));
    if (m < 1 || m > 12) bad_period(text, param);
    p = months_from(number(text.substr(0, 4)), m, 1, label);
  } else if (text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q') &&
             digits(text.substr(0, 4)) && text[6] >= '1' && text[6] <= '4') {
    label[5] = 'Q';
    p = months_from(number(text.substr(0, 4)), (text[6] - '1') * 3 + 1, 3, label);
  } else {
    bad_period(text, param);
  }
  check_range(p, text, param);
  return p;
}

Period period_from_args(const mcp::Args& args, std::string_view today) {
  auto period = args.opt_str("period");
  auto start = args.opt_str("startDate");
  auto end = args.opt_str("endDate");
  if (period && (start || end))
    throw mcp::ToolError("Give either period or startDate/endDate, not both.");
  if (period) return parse_period(*period, today);
  if (!start && end) throw mcp::ToolError("endDate needs a startDate (or use period).");
  if (!start) return parse_period("this-month", today);
  std::string e = end ? *end : std::string(today);
  if (e < *start)
    throw mcp::ToolError((end ? "endDate (" : "endDate (today, ") + e + ") is before startDate (" +
                         *start + ")");
  return {*start, e, *start + ".." + e};
}

bool whole_months(const Period& p) {
  return p.start.substr(8) == "01" && p.end == month_last(p.end);
}

Period previous_period(const Period& p) {
  if (whole_months(p)) {
    int months = (number(p.end.substr(0, 4)) - number(p.start.substr(0, 4))) * 12 +
                 (number(p.end.substr(5, 2)) - number(p.start.substr(5, 2))) + 1;
    std::string start = util::add_months(p.start, -months);
    return {start, util::add_days(p.start, -1), "previous-period"};
  }
  std::int64_t days = util::days_between(p.start, p.end) + 1;
  return {util::add_days(p.start, -days), util::add_days(p.start, -1), "previous-period"};
}

Period year_earlier(const Period& p) {
  return {util::add_months(p.start, -12), util::add_months(p.end, -12), "year-earlier"};
}

}  // namespace tally::ledger
