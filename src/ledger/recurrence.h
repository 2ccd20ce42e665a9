#pragma once
// When a schedule fires (issue 20 item 1): calendar arithmetic on dates, no
// clock and no time zone. An occurrence is a calendar day; "due" compares it
// with the workspace's today, so DST never moves one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally::ledger {

struct Rule {
  std::string every = "month";  ///< day, week, month, year
  int interval = 1;             ///< every `interval` days/weeks/months/years
  std::string start;            ///< YYYY-MM-DD, the first possible day
  /// month/year: the day of the month (default the start's); 31 → the last day
  /// of shorter months, 29 (or 30, 31) in February → Feb 28 or 29.
  std::optional<int> day_of_month;
  std::optional<std::string> end;     ///< last possible day, inclusive
  std::optional<std::int64_t> count;  ///< at most this many occurrences
};

/// "" when the rule fires at least once, else a sentence naming the field.
std::string rule_problem(const Rule& r);

/// The occurrence dates after `after` (exclusive; none = from the start) up to
/// `through` (inclusive), at most `limit` of them, oldest first.
std::vector<std::string> occurrences(const Rule& r, const std::optional<std::string>& after,
                                     const std::string& through, std::size_t limit);

/// The first occurrence after `after` (exclusive; none = the first), if any.
std::optional<std::string> next_occurrence(const Rule& r, const std::optional<std::string>& after);

/// Whether `date` is one of the rule's occurrences.
bool is_occurrence(const Rule& r, const std::string& date);

/// `date` plus `days` days, YYYY-MM-DD.
std::string add_days(const std::string& date, int days);

}  // namespace tally::ledger
