#include "ledger/report_json.h"

#include "ledger/accounts.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger::report {

using mcp::json;

json money(std::int64_t minor, const std::string& currency) {
  return store::money_json(minor, *store::find_currency(currency));
}

json period_json(const Period& p) {
  return {{"startDate", p.start}, {"endDate", p.end}, {"label", p.label}};
}

json obj(json properties, std::vector<std::string> required) {
  return {
      {"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

json array_of(json item) {
  return {{"type", "array"}, {"items", std::move(item)}};
}

json money_out(std::string_view what) {
  return store::money_schema(kMoneyWording, what);
}

json str() {
  return {{"type", "string"}};
}

json period_schema() {
  return obj({{"startDate", str()},
              {"endDate", str()},
              {"label", {{"type", "string"}, {"description", "what was asked, e.g. last-month"}}}},
             {"startDate", "endDate", "label"});
}

}  // namespace tally::ledger::report
