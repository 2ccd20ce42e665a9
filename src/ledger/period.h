#pragma once
// Report periods: the words a person uses ("last-month", "ytd", "2026-Q1") turned
// into inclusive date ranges, against an injected today so tests and README
// examples can stand on either side of a month end, a leap day or a year end.
#include <optional>
#include <string>
#include <string_view>

#include "mcp/args.h"

namespace tally::ledger {

/// An inclusive range of YYYY-MM-DD dates.
struct Period {
  std::string start;
  std::string end;
  std::string label;  ///< what was asked: "last-month", "2026-Q1", or "start..end"
};

/// The forms `period` accepts, for schemas and error messages.
inline constexpr const char* kPeriodForms =
    "this-month, last-month, ytd, last-12-months, YYYY, YYYY-MM or YYYY-Qn";

/// `text` as a period, resolved against `today` (YYYY-MM-DD):
/// - this-month: the whole calendar month holding today;
/// - last-month: the whole month before it;
/// - ytd: January 1st to today;
/// - last-12-months: the 12 whole months before this month;
/// - YYYY, YYYY-MM, YYYY-Qn: that whole year, month or quarter.
/// Throws ToolError naming `param` and the accepted forms otherwise.
Period parse_period(std::string_view text, std::string_view today,
                    std::string_view param = "period");

/// The period a report's arguments ask for: `period`, or `startDate` (and
/// `endDate`, default today), or this month when neither is given. Throws
/// ToolError when both kinds are given or the end is before the start.
Period period_from_args(const mcp::Args& args, std::string_view today);

/// The period just before `p` of the same length: as many whole months when
/// `p` is whole months, otherwise as many days.
Period previous_period(const Period& p);
/// `p` moved back twelve months (month ends stay month ends: a leap day's
/// month compares with the whole February a year earlier).
Period year_earlier(const Period& p);

/// True when `p` starts on a month's first day and ends on a month's last day.
bool whole_months(const Period& p);

}  // namespace tally::ledger
