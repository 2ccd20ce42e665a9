#pragma once
// The JSON every report answers with, and the schema pieces of its outputSchema,
// built in one place for the report, cash-flow and budget files.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/period.h"
#include "mcp/json_rpc.h"

namespace tally::ledger::report {

/// `{amountMinor, amount, currency}` of `minor` in `currency` (a known code).
mcp::json money(std::int64_t minor, const std::string& currency);
/// `{startDate, endDate, label}`.
mcp::json period_json(const Period& p);

/// `{type: object, properties, required}`.
mcp::json obj(mcp::json properties, std::vector<std::string> required);
mcp::json array_of(mcp::json item);
/// The shared money schema (store/money_schema.h) with the ledger's wording.
mcp::json money_out(std::string_view what);
mcp::json str();
/// The schema of period_json.
mcp::json period_schema();

}  // namespace tally::ledger::report
