#pragma once
// Date parameters of the invoicing tools (day arithmetic is util/calendar.h). The
// seed calls its range bounds "ISO 8601", so a date-time is accepted too and its
// own calendar date (as written, before any offset) is the day meant.
#include <optional>
#include <string>

#include "mcp/args.h"
#include "mcp/schema.h"

namespace tally::invoicing {

/// A string parameter holding an ISO 8601 date or date-time.
mcp::schema::Field date_param(const std::string& name, const std::string& description);

/// The YYYY-MM-DD day a date parameter names, nullopt when absent. Throws
/// ToolError `startDate: "2025-02-30" is not a real calendar date (expected YYYY-MM-DD)`.
std::optional<std::string> date_arg(const mcp::Args& args, const std::string& key);

/// Throws ToolError when start is after end: `startDate (2025-04-01) is after endDate (2025-03-31)`.
void check_range(const std::string& start, const std::string& end);

}  // namespace tally::invoicing
