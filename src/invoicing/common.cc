#include "invoicing/common.h"

#include "store/money.h"

namespace tally::invoicing {

store::Currency currency_arg(const std::string& code, const std::string& param) {
  auto currency = store::find_currency(code);
  if (!currency)
    throw mcp::ToolError(param + ": \"" + code + "\" is not an ISO 4217 currency code (for example USD, EUR, JPY)");
  return *currency;
}

std::int64_t positive_money_arg(const mcp::Args& args, const std::string& key, const store::Currency& currency) {
  std::string text = args.decimal_text(key);
  std::string error;
  auto minor = store::parse_minor(text, currency, error);
  if (!minor) throw mcp::ToolError(args.path_of(key) + ": " + error);
  if (*minor <= 0) throw mcp::ToolError(args.path_of(key) + ": must be above zero (got \"" + text + "\")");
  return *minor;
}

std::string trim(const std::string& text) {
  const char* space = " \t\r\n";
  std::size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::optional<std::string> text_arg(const mcp::Args& args, const std::string& key) {
  auto value = args.opt_str(key);
  if (!value) return std::nullopt;
  std::string t = trim(*value);
  if (t.empty()) return std::nullopt;
  return t;
}

std::optional<std::string> opt_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

mcp::json json_or_null(const std::optional<std::string>& value) {
  return value ? mcp::json(*value) : mcp::json(nullptr);
}

void bind_opt(SQLite::Statement& statement, int index, const std::optional<std::string>& value) {
  if (value) statement.bind(index, *value);
  else statement.bind(index);
}

}  // namespace tally::invoicing
