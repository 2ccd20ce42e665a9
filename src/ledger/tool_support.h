#pragma once
// Small helpers the ledger and Extrack tool files share.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/args.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::ledger {

/// A positive amount of `currency` from a decimal parameter, exactly:
/// `expenseAmount: "10.005" has 3 decimals; USD allows 2`.
std::int64_t parse_amount(const mcp::Args& args, std::string_view key, const std::string& currency);

/// A known ISO 4217 code, or a ToolError naming `param`.
std::string require_currency(const std::string& code, const std::string& param);

/// An output schema: an object with these properties, these required.
inline mcp::json object_output(mcp::json properties, std::vector<std::string> required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

}  // namespace tally::ledger
