#pragma once
// Helpers the invoicing tools share: argument conversion and optional SQL
// columns (annotation presets are mcp/annotations.h).
#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include "mcp/args.h"
#include "mcp/tool.h"
#include "store/currency.h"

namespace tally::invoicing {

/// The currency with this code; throws ToolError naming `param` when unknown.
store::Currency currency_arg(const std::string& code, const std::string& param);
/// An exact money amount in `currency`, above zero: throws ToolError such as
/// `amount: "10.005" has 3 decimals; USD allows 2` or `amount: must be above zero (got "0")`.
std::int64_t positive_money_arg(const mcp::Args& args, const std::string& key, const store::Currency& currency);

/// Text with surrounding whitespace trimmed; nullopt when absent, null or blank.
std::optional<std::string> text_arg(const mcp::Args& args, const std::string& key);
/// Trims surrounding whitespace (spaces, tabs, newlines).
std::string trim(const std::string& text);

std::optional<std::string> opt_text(const SQLite::Column& column);
mcp::json json_or_null(const std::optional<std::string>& value);
/// Binds text or NULL.
void bind_opt(SQLite::Statement& statement, int index, const std::optional<std::string>& value);

}  // namespace tally::invoicing
