#include "ledger/price_tools.h"

#include "app/call_store.h"
#include "ledger/prices.h"
#include "ledger/tool_support.h"
#include "mcp/schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

ToolResult set_price_tool(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  auto [price, replaced] =
      set_price(st, a.str("base"), a.str("quote"), a.str("date"), a.decimal_text("rate"));
  json out{{"price", price_json(price)}, {"replaced", replaced}};
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult list_prices_tool(store::Store& st, const mcp::Args& a) {
  std::optional<std::string> base, quote;
  if (auto b = a.opt_str("base")) base = require_currency(*b, "base");
  if (auto q = a.opt_str("quote")) quote = require_currency(*q, "quote");
  store::Transaction tx(st.db, store::Transaction::Kind::read);
  PricePage page =
      list_prices(st, base, quote, a.opt_str("cursor"), static_cast<int>(a.integer("limit")));
  json list = json::array();
  for (const auto& p : page.prices) list.push_back(price_json(p));
  json out{{"prices", list}, {"truncated", page.truncated}};
  if (page.truncated) out["nextCursor"] = price_key(page.prices.back());
  tx.commit();
  return ToolResult::of(std::move(out));
}

}  // namespace

std::vector<mcp::ToolSpec> price_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_set_price",
      .title = "Set an exchange rate",
      .description = "Record that on `date`, 1 `base` = `rate` `quote` (e.g. base EUR, quote USD, "
                     "rate \"1.0834\"). The rate "
                     "is an exact decimal (at most 18 significant digits), greater than 0. One "
                     "price per pair and day: "
                     "setting it again replaces it. Valued reports (valuation: {currency, date}) "
                     "use the newest price on or "
                     "before the date, or the inverse of the opposite pair's when there is none.",
      .input_schema = s::object_schema(
          {s::string("base").required().min_length(3).max_length(3).describe("ISO 4217, e.g. EUR"),
           s::string("quote").required().min_length(3).max_length(3).describe("ISO 4217, e.g. USD"),
           s::date("date").required().describe("YYYY-MM-DD the rate holds from"),
           s::decimal("rate").required().describe("1 base = rate quote, e.g. \"1.0834\"")}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"price", price_schema()},
                          {"replaced",
                           {{"type", "boolean"},
                            {"description", "a price of that pair and day was replaced"}}}}},
                        {"required", {"price", "replaced"}}},
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        return set_price_tool(*sp, a, ctx);
      }});
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_list_prices",
      .title = "List exchange rates",
      .description = "Recorded prices by pair (base, quote), newest first within a pair, "
                     "optionally of one base or "
                     "quote currency. Pass nextCursor back as cursor for the next page.",
      .input_schema = s::object_schema({s::string("base").min_length(3).max_length(3),
                                        s::string("quote").min_length(3).max_length(3),
                                        s::integer("limit").min(1).max(500).def(100),
                                        s::string("cursor").min_length(1).max_length(64).describe(
                                            "nextCursor of the previous page")}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"prices", {{"type", "array"}, {"items", price_schema()}}},
                          {"truncated",
                           {{"type", "boolean"}, {"description", "more pages follow"}}},
                          {"nextCursor", {{"type", "string"}}}}},
                        {"required", {"prices", "truncated"}}},
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        return list_prices_tool(*sp, a);
      }});
  return tools;
}

}  // namespace tally::ledger
