#include "ledger/valuation.h"

#include "ledger/report_json.h"
#include "ledger/tool_support.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;

std::optional<ValuationSpec> valuation_arg(const mcp::Args& a) {
  if (!a.has("valuation")) return std::nullopt;
  mcp::Args v = a.object("valuation");
  ValuationSpec spec;
  spec.currency = require_currency(v.str("currency"), "valuation.currency");
  if (auto d = v.opt_str("date")) {
    if (auto problem = util::date_problem(*d); !problem.empty())
      throw ToolError("valuation.date: \"" + *d + "\" " + problem);
    spec.date = *d;
  }
  return spec;
}

s::Field valuation_field(const std::string& date_rule) {
  return s::object("valuation", {s::string("currency")
                                     .required()
                                     .min_length(3)
                                     .max_length(3)
                                     .describe("ISO 4217 code to convert every amount into"),
                                 s::date("date").describe(date_rule)})
      .describe(
          "convert amounts into one currency with the price (ledger_set_price) on or before a "
          "date; "
          "missing prices are listed, never guessed");
}

Valuer::Valuer(store::Store& st, std::string target)
    : st_(st), target_(std::move(target)), exponent_(store::find_currency(target_)->exponent) {}

std::optional<Fraction> Valuer::value(std::int64_t minor, const std::string& currency,
                                      const std::string& date) {
  if (currency == target_ || minor == 0) return Fraction{minor, 1};  // zero needs no price
  auto key = std::make_pair(currency, date);
  auto it = cache_.find(key);
  if (it == cache_.end())
    it = cache_.emplace(key, price_on_or_before(st_, currency, target_, date)).first;
  if (!it->second) {
    missing_.insert(key);
    return std::nullopt;
  }
  const PriceUse& use = *it->second;
  used_.insert({price_key(use.price), rate_text(use.price.rate), use.inverse});
  int from = store::find_currency(currency)->exponent;
  try {
    return convert(minor, from, exponent_, use.price.rate, use.inverse);
  } catch (const ConversionOverflow& e) {
    throw ToolError(std::string("valuation: converting ") + currency + " into " + target_ + ": " +
                    e.what());
  }
}

json Valuer::money(const Fraction& f) const {
  try {
    std::int64_t minor = round_half_even(f);
    if (minor > store::kMaxMinor || minor < -store::kMaxMinor)
      throw ConversionOverflow("the converted amount is beyond 10^15 minor units");
    return store::money_json(minor, *store::find_currency(target_));
  } catch (const ConversionOverflow& e) {
    throw ToolError("valuation: " + target_ + " total: " + e.what());
  }
}

json Valuer::summary(const std::string& rule, const std::optional<std::string>& date) const {
  json missing = json::array();
  for (const auto& [currency, day] : missing_) {
    if (missing.size() >= 100) break;
    missing.push_back({{"from", currency}, {"to", target_}, {"date", day}});
  }
  json used = json::array();
  for (const auto& [key, rate, inverse] : used_) {
    json u{{"price", key}, {"rate", rate}, {"inverse", inverse}};
    used.push_back(std::move(u));
  }
  json out{{"currency", target_},
           {"rule", rule},
           {"complete", missing_.empty()},
           {"missingPrices", missing},
           {"pricesUsed", used}};
  if (date) out["date"] = *date;
  return out;
}

json valuation_schema() {
  json str{{"type", "string"}};
  json missing{{"type", "object"},
               {"properties", {{"from", str}, {"to", str}, {"date", str}}},
               {"required", {"from", "to", "date"}}};
  json used{
      {"type", "object"},
      {"properties",
       {{"price", {{"type", "string"}, {"description", "BASE/QUOTE/DATE of the price used"}}},
        {"rate", str},
        {"inverse", {{"type", "boolean"}, {"description", "used as 1/rate (quote → base)"}}}}},
      {"required", {"price", "rate", "inverse"}}};
  return {{"type", "object"},
          {"properties",
           {{"currency", str},
            {"date", str},
            {"rule", {{"type", "string"}, {"description", "which price converts which amount"}}},
            {"complete",
             {{"type", "boolean"},
              {"description",
               "every amount had a price; when false the converted totals are left out"}}},
            {"missingPrices", {{"type", "array"}, {"items", missing}}},
            {"pricesUsed", {{"type", "array"}, {"items", used}}}}},
          {"required", {"currency", "rule", "complete", "missingPrices", "pricesUsed"}}};
}

json valued_totals_schema(const std::vector<std::string>& names) {
  json out = valuation_schema();
  json props = json::object();
  for (const auto& n : names) props[n] = report::money_out("converted total (only when complete)");
  out["properties"]["totals"] = {{"type", "object"}, {"properties", props}};
  return out;
}

json valued_account_schema(json line) {
  line["properties"]["value"] =
      report::money_out("the amount in the valuation currency (when priced)");
  return line;
}

}  // namespace tally::ledger
