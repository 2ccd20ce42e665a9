#include "ledger/tool_support.h"

#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

std::int64_t parse_amount(const mcp::Args& args, std::string_view key, const std::string& currency) {
  std::string text = args.decimal_text(key);
  std::string error;
  auto minor = store::parse_minor(text, *store::find_currency(currency), error);
  if (!minor) throw mcp::ToolError(args.path_of(key) + ": " + error);
  if (*minor <= 0) throw mcp::ToolError(args.path_of(key) + ": must be greater than 0 (got \"" + text + "\")");
  return *minor;
}

std::string require_currency(const std::string& code, const std::string& param) {
  if (!store::find_currency(code))
    throw mcp::ToolError(param + ": \"" + code + "\" is not an ISO 4217 currency code (for example USD, EUR, JPY)");
  return code;
}

}  // namespace tally::ledger
