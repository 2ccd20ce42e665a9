#pragma once
// Small helpers the ledger and Extrack tool files share.
#include <cstdint>
#include <string>
#include <string_view>

#include "mcp/args.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

/// A positive amount of `currency` from a decimal parameter, exactly:
/// `expenseAmount: "10.005" has 3 decimals; USD allows 2`.
std::int64_t parse_amount(const mcp::Args& args, std::string_view key, const std::string& currency);

/// A known ISO 4217 code, or a ToolError naming `param`.
std::string require_currency(const std::string& code, const std::string& param);

}  // namespace tally::ledger
