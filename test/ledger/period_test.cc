// Every period keyword against an injected today on both sides of a month end,
// a leap day and a year end (issue 19).
#include <doctest/doctest.h>

#include "ledger/period.h"
#include "mcp/tool.h"

using tally::ledger::parse_period;
using tally::ledger::Period;

namespace {

std::string range(const Period& p) {
  return p.start + ".." + p.end;
}

std::string error_of(std::string_view text, std::string_view today) {
  try {
    parse_period(text, today);
  } catch (const tally::mcp::ToolError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("period keywords around a month end") {
  CHECK(range(parse_period("this-month", "2026-01-31")) == "2026-01-01..2026-01-31");
  CHECK(range(parse_period("this-month", "2026-02-01")) == "2026-02-01..2026-02-28");
  CHECK(range(parse_period("last-month", "2026-01-31")) == "2025-12-01..2025-12-31");
  CHECK(range(parse_period("last-month", "2026-02-01")) == "2026-01-01..2026-01-31");
  CHECK(range(parse_period("last-month", "2026-03-31")) == "2026-02-01..2026-02-28");
}

TEST_CASE("period keywords around a leap day") {
  CHECK(range(parse_period("this-month", "2024-02-29")) == "2024-02-01..2024-02-29");
  CHECK(range(parse_period("last-month", "2024-03-01")) == "2024-02-01..2024-02-29");
  CHECK(range(parse_period("ytd", "2024-02-29")) == "2024-01-01..2024-02-29");
  CHECK(range(parse_period("2024-02", "2026-01-01")) == "2024-02-01..2024-02-29");
  CHECK(range(parse_period("2023-02", "2026-01-01")) == "2023-02-01..2023-02-28");
  CHECK(range(parse_period("last-12-months", "2024-03-01")) == "2023-03-01..2024-02-29");
  CHECK(range(tally::ledger::year_earlier(parse_period("2024-02", "2026-01-01"))) ==
        "2023-02-01..2023-02-28");
  CHECK(range(tally::ledger::year_earlier(parse_period("2025-02", "2026-01-01"))) ==
        "2024-02-01..2024-02-29");
  CHECK(range(tally::ledger::year_earlier(parse_period("ytd", "2024-02-29"))) ==
        "2023-01-01..2023-02-28");
}

TEST_CASE("period keywords around a year end") {
  CHECK(range(parse_period("this-month", "2025-12-31")) == "2025-12-01..2025-12-31");
  CHECK(range(parse_period("last-month", "2026-01-01")) == "2025-12-01..2025-12-31");
  CHECK(range(parse_period("ytd", "2025-12-31")) == "2025-01-01..2025-12-31");
  CHECK(range(parse_period("ytd", "2026-01-01")) == "2026-01-01..2026-01-01");
  CHECK(range(parse_period("last-12-months", "2026-01-01")) == "2025-01-01..2025-12-31");
  CHECK(range(parse_period("last-12-months", "2025-12-31")) == "2024-12-01..2025-11-30");
}

TEST_CASE("years, months and quarters") {
  CHECK(range(parse_period("2025", "2026-03-15")) == "2025-01-01..2025-12-31");
  CHECK(range(parse_period("2025-11", "2026-03-15")) == "2025-11-01..2025-11-30");
  CHECK(range(parse_period("2025-Q1", "2026-03-15")) == "2025-01-01..2025-03-31");
  CHECK(range(parse_period("2025-q4", "2026-03-15")) == "2025-10-01..2025-12-31");
  CHECK(parse_period("2025-q4", "2026-03-15").label == "2025-Q4");
}

TEST_CASE("comparison periods") {
  using tally::ledger::previous_period;
  CHECK(range(previous_period(parse_period("2026-03", "2026-03-15"))) == "2026-02-01..2026-02-28");
  CHECK(range(previous_period(parse_period("2026-Q1", "2026-03-15"))) == "2025-10-01..2025-12-31");
  CHECK(range(previous_period(parse_period("2024", "2026-03-15"))) == "2023-01-01..2023-12-31");
  CHECK(range(previous_period(Period{"2026-03-10", "2026-03-19", ""})) == "2026-02-28..2026-03-09");
}

TEST_CASE("periods that are none of the forms") {
  const std::string forms =
      "(expected this-month, last-month, ytd, last-12-months, YYYY, YYYY-MM or YYYY-Qn)";
  CHECK(error_of("last-week", "2026-03-15") == "period: \"last-week\" is not a period " + forms);
  CHECK(error_of("2026-13", "2026-03-15") == "period: \"2026-13\" is not a period " + forms);
  CHECK(error_of("2026-Q5", "2026-03-15") == "period: \"2026-Q5\" is not a period " + forms);
  CHECK(error_of("26", "2026-03-15") == "period: \"26\" is not a period " + forms);
  CHECK(error_of("1800", "2026-03-15") ==
        "period: \"1800\" is outside the dates Tally accepts (1900-01-01 to 2199-12-31)");
}
