#include "invoicing/dates.h"

#include "mcp/tool.h"
#include "util/calendar.h"

namespace tally::invoicing {

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

}  // namespace tally::invoicing
