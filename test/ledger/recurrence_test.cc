// The recurrence rule (issue 20 item 1): month ends, Feb 29, the 31st in short
// months, rules that never fire, and a property over 10 years: catching up at
// random successive days yields every occurrence exactly once, in order, the
// same as enumerating the calendar day by day.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <set>

#include "ledger/recurrence.h"

using tally::ledger::add_days;
using tally::ledger::is_occurrence;
using tally::ledger::next_occurrence;
using tally::ledger::occurrences;
using tally::ledger::Rule;
using tally::ledger::rule_problem;

namespace {

Rule monthly(const std::string& start, std::optional<int> dom = std::nullopt) {
  Rule r;
  r.every = "month";
  r.start = start;
  r.day_of_month = dom;
  return r;
}

std::vector<std::string> first(const Rule& r, std::size_t n) {
  return occurrences(r, std::nullopt, "9999-12-31", n);
}

/// The oracle: walks the calendar one day at a time and asks whether each day is an occurrence,
/// independently.
bool oracle_hit(const Rule& r, const std::string& date, std::int64_t index_so_far) {
  using namespace std::chrono;
  if (date < r.start || (r.end && date > *r.end) || (r.count && index_so_far >= *r.count))
    return false;
  auto parse = [](const std::string& t) {
    return year_month_day{year{std::stoi(t.substr(0, 4))},
                          month{static_cast<unsigned>(std::stoi(t.substr(5, 2)))},
                          day{static_cast<unsigned>(std::stoi(t.substr(8, 2)))}};
  };
  auto s = parse(r.start), d = parse(date);
  if (r.every == "day" || r.every == "week") {
    auto diff = (sys_days(d) - sys_days(s)).count();
    return diff % (r.interval * (r.every == "week" ? 7 : 1)) == 0;
  }
  int months = (static_cast<int>(d.year()) - static_cast<int>(s.year())) * 12 +
               static_cast<int>(static_cast<unsigned>(d.month())) -
               static_cast<int>(static_cast<unsigned>(s.month()));
  int step = r.interval * (r.every == "year" ? 12 : 1);
  if (months % step != 0) return false;
  unsigned want =
      r.day_of_month ? static_cast<unsigned>(*r.day_of_month) : static_cast<unsigned>(s.day());
  unsigned last =
      static_cast<unsigned>(year_month_day_last(d.year(), month_day_last(d.month())).day());
  return static_cast<unsigned>(d.day()) == std::min(want, last);
}

}  // namespace

TEST_CASE("recurrence: the 31st lands on the last day of shorter months, Feb 28 and Feb 29") {
  CHECK(first(monthly("2026-01-31"), 5) == std::vector<std::string>{"2026-01-31", "2026-02-28",
                                                                    "2026-03-31", "2026-04-30",
                                                                    "2026-05-31"});
  CHECK(first(monthly("2028-01-15", 31), 3) ==
        std::vector<std::string>{"2028-01-31", "2028-02-29", "2028-03-31"});
  // A day of month before the start's day: the first occurrence is next month.
  CHECK(first(monthly("2026-01-15", 1), 2) == std::vector<std::string>{"2026-02-01", "2026-03-01"});
  Rule leap;
  leap.every = "year";
  leap.start = "2024-02-29";
  CHECK(first(leap, 5) == std::vector<std::string>{"2024-02-29", "2025-02-28", "2026-02-28",
                                                   "2027-02-28", "2028-02-29"});
  Rule quarterly = monthly("2026-01-30");
  quarterly.interval = 3;
  CHECK(first(quarterly, 3) == std::vector<std::string>{"2026-01-30", "2026-04-30", "2026-07-30"});
  Rule weekly;
  weekly.every = "week";
  weekly.interval = 2;
  weekly.start = "2026-12-24";
  CHECK(first(weekly, 3) == std::vector<std::string>{"2026-12-24", "2027-01-07", "2027-01-21"});
}

TEST_CASE("recurrence: count and endDate end it; next_occurrence and is_occurrence agree") {
  Rule r = monthly("2026-01-31");
  r.count = 3;
  CHECK(first(r, 10) == std::vector<std::string>{"2026-01-31", "2026-02-28", "2026-03-31"});
  CHECK(next_occurrence(r, std::string("2026-03-31")) == std::nullopt);
  r.count.reset();
  r.end = "2026-04-29";
  CHECK(first(r, 10).back() == "2026-03-31");
  CHECK(next_occurrence(r, std::string("2026-02-01")) == std::optional<std::string>("2026-02-28"));
  CHECK(is_occurrence(r, "2026-02-28"));
  CHECK_FALSE(is_occurrence(r, "2026-02-27"));
  CHECK_FALSE(is_occurrence(r, "2025-12-31"));
}

TEST_CASE("recurrence: rules that never fire are refused with the field named") {
  Rule r = monthly("2026-03-01");
  r.end = "2026-02-01";
  CHECK(rule_problem(r) ==
        "endDate: 2026-02-01 is before startDate 2026-03-01; the schedule would never fire");
  r = monthly("2026-03-15", 1);
  r.end = "2026-03-31";
  CHECK(rule_problem(r) ==
        "the schedule never fires: its first occurrence would be after endDate 2026-03-31");
  r = monthly("2026-03-15");
  r.count = 0;
  CHECK(rule_problem(r) == "count: must be at least 1; a schedule with no occurrences never fires");
  Rule d;
  d.every = "day";
  d.start = "2026-01-01";
  d.day_of_month = 3;
  CHECK(rule_problem(d) ==
        "dayOfMonth: only a monthly or yearly schedule takes one (every is day)");
  Rule late;
  late.every = "year";
  late.start = "9999-12-31";
  CHECK(rule_problem(late).empty());
  CHECK(first(late, 5).size() == 1);
}

TEST_CASE(
    "recurrence property: 10 years of catch-ups at random days create each occurrence exactly "
    "once") {
  std::mt19937 rng(20);
  const char* kinds[] = {"day", "week", "month", "year"};
  for (int trial = 0; trial < 60; ++trial) {
    Rule r;
    r.every = kinds[rng() % 4];
    r.interval = 1 + static_cast<int>(rng() % (r.every == std::string("day") ? 10 : 3));
    r.start = add_days("2024-01-01", static_cast<int>(rng() % 800));
    if ((r.every == std::string("month") || r.every == std::string("year")) && rng() % 2)
      r.day_of_month = 28 + static_cast<int>(rng() % 4);
    if (rng() % 3 == 0)
      r.count = 1 + static_cast<std::int64_t>(rng() % 40);
    else if (rng() % 3 == 0)
      r.end = add_days(r.start, static_cast<int>(rng() % 2000));
    REQUIRE(rule_problem(r).empty());

    // The oracle: every day of the 10 years.
    std::vector<std::string> expected;
    for (std::string day = "2024-01-01"; day <= "2033-12-31"; day = add_days(day, 1))
      if (oracle_hit(r, day, static_cast<std::int64_t>(expected.size()))) expected.push_back(day);

    // Catching up: processes start at random successive days, each taking at most 12.
    std::vector<std::string> made;
    std::optional<std::string> done;
    for (std::string today = "2024-01-01"; today <= "2033-12-31";
         today = add_days(today, 1 + static_cast<int>(rng() % 60))) {
      auto batch = occurrences(r, done, today, 12);  // the rest wait for the next process
      for (const auto& d : batch) made.push_back(d);
      if (!batch.empty()) done = batch.back();
    }
    for (;;) {  // a last run on the final day
      auto batch = occurrences(r, done, "2033-12-31", 12);
      for (const auto& d : batch) made.push_back(d);
      if (batch.empty()) break;
      done = batch.back();
    }
    std::set<std::string> unique(made.begin(), made.end());
    CAPTURE(r.every);
    CAPTURE(r.start);
    CAPTURE(r.interval);
    CHECK(unique.size() == made.size());
    CHECK(made == expected);
  }
}
