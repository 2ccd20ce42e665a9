#include "ledger/recurrence.h"

#include <chrono>
#include <cstdio>

namespace tally::ledger {

namespace {

using namespace std::chrono;

year_month_day parse(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d);
  return year{y} / month{m} / day{d};
}

std::string format(const year_month_day& ymd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

bool monthly(const Rule& r) {
  return r.every == "month" || r.every == "year";
}
int step_months(const Rule& r) {
  return r.interval * (r.every == "year" ? 12 : 1);
}
int step_days(const Rule& r) {
  return r.interval * (r.every == "week" ? 7 : 1);
}

constexpr int kLastYear = 9999;  // dates stay YYYY-MM-DD

/// The k-th candidate day (k ≥ 0), or nullopt past year 9999.
std::optional<year_month_day> candidate(const Rule& r, std::int64_t k) {
  const year_month_day start = parse(r.start);
  if (!monthly(r)) {
    sys_days d = sys_days(start) + days(k * step_days(r));
    year_month_day out(d);
    if (static_cast<int>(out.year()) > kLastYear) return std::nullopt;
    return out;
  }
  std::int64_t index = static_cast<std::int64_t>(static_cast<int>(start.year())) * 12 +
                       (static_cast<unsigned>(start.month()) - 1) + k * step_months(r);
  if (index / 12 > kLastYear) return std::nullopt;
  const year y{static_cast<int>(index / 12)};
  const month m{static_cast<unsigned>(index % 12) + 1};
  const unsigned want =
      r.day_of_month ? static_cast<unsigned>(*r.day_of_month) : static_cast<unsigned>(start.day());
  const unsigned last = static_cast<unsigned>(year_month_day_last(y, month_day_last(m)).day());
  return y / m / day{want < last ? want : last};
}

/// 1 when the first candidate falls before the start (a day of month earlier than the start's).
std::int64_t offset(const Rule& r) {
  auto first = candidate(r, 0);
  return first && format(*first) < r.start ? 1 : 0;
}

/// The i-th occurrence (i ≥ 0), or nullopt when the rule has ended.
std::optional<std::string> occurrence(const Rule& r, std::int64_t i) {
  if (r.count && i >= *r.count) return std::nullopt;
  auto c = candidate(r, i + offset(r));
  if (!c) return std::nullopt;
  std::string d = format(*c);
  if (r.end && d > *r.end) return std::nullopt;
  return d;
}

/// The index of the first occurrence after `after`.
std::int64_t first_index_after(const Rule& r, const std::optional<std::string>& after) {
  if (!after || *after < r.start) return 0;
  const year_month_day start = parse(r.start), a = parse(*after);
  std::int64_t i = 0;
  if (!monthly(r)) {
    i = (sys_days(a) - sys_days(start)).count() / step_days(r);
  } else {
    std::int64_t months = (static_cast<int>(a.year()) - static_cast<int>(start.year())) * 12 +
                          (static_cast<int>(static_cast<unsigned>(a.month())) -
                           static_cast<int>(static_cast<unsigned>(start.month())));
    i = months / step_months(r) - 1;
  }
  if (i < 0) i = 0;
  // The estimate is at most a step or two early: walk to the first one past `after`.
  for (;;) {
    auto d = occurrence(r, i);
    if (!d || *d > *after) return i;
    ++i;
  }
}

}  // namespace

std::string rule_problem(const Rule& r) {
  if (r.interval < 1) return "interval: must be at least 1";
  if (r.count && *r.count < 1)
    return "count: must be at least 1; a schedule with no occurrences never fires";
  if (r.end && *r.end < r.start)
    return "endDate: " + *r.end + " is before startDate " + r.start +
           "; the schedule would never fire";
  if (r.day_of_month && !monthly(r))
    return "dayOfMonth: only a monthly or yearly schedule takes one (every is " + r.every + ")";
  if (auto first = occurrence(r, 0); !first)
    return "the schedule never fires: its first occurrence would be after " +
           (r.end ? "endDate " + *r.end : "year 9999");
  return "";
}

std::vector<std::string> occurrences(const Rule& r, const std::optional<std::string>& after,
                                     const std::string& through, std::size_t limit) {
  std::vector<std::string> out;
  for (std::int64_t i = first_index_after(r, after); out.size() < limit; ++i) {
    auto d = occurrence(r, i);
    if (!d || *d > through) break;
    out.push_back(*d);
  }
  return out;
}

std::optional<std::string> next_occurrence(const Rule& r, const std::optional<std::string>& after) {
  return occurrence(r, first_index_after(r, after));
}

bool is_occurrence(const Rule& r, const std::string& date) {
  if (date < r.start) return false;
  auto d = next_occurrence(r, add_days(date, -1));
  return d && *d == date;
}

std::string add_days(const std::string& date, int n) {
  return format(year_month_day(sys_days(parse(date)) + days(n)));
}

}  // namespace tally::ledger
