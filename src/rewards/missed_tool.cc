// rewards_missed: what the purchases on linked cards earned against the best
// card in the wallet, per reward category, over the reports' periods.
#include <map>

#include "app/call_store.h"
#include "ledger/period.h"
#include "ledger/report_json.h"
#include "ledger/report_tools.h"
#include "mcp/schema.h"
#include "rewards/missed.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"
#include "store/money_schema.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

json money(std::int64_t minor, const std::string& currency) {
  return store::money_json(minor, currency_of(currency));
}

json card_earn_json(const CardEarn& e) {
  json out{{"cardId", e.card.id},
           {"card", e.card.display_name},
           {"rewardType", e.card.reward_type},
           {"value", money(e.value_minor, e.card.currency)}};
  out["points"] = e.card.is_points() ? json(e.amount) : json();
  return out;
}

json missed_schema() {
  const json m = store::money_schema(kMoneyWording);
  json card_earn{
      {"type", "object"},
      {"properties",
       {{"cardId", {{"type", "string"}}},
        {"card", {{"type", "string"}}},
        {"rewardType", {{"type", "string"}}},
        {"points", {{"type", {"integer", "null"}}, {"description", "null for a cashback card"}}},
        {"value", m}}},
      {"required", {"cardId", "value"}}};
  json row{
      {"type", "object"},
      {"properties",
       {{"category", {{"type", "string"}}},
        {"currency", {{"type", "string"}}},
        {"spend", m},
        {"earned", {{"type", "array"}, {"items", card_earn}, {"description", "per card charged"}}},
        {"earnedValue", m},
        {"best", card_earn},
        {"missed", m}}},
      {"required", {"category", "currency", "spend", "earned", "earnedValue", "missed"}}};
  json total{{"type", "object"},
             {"properties",
              {{"currency", {{"type", "string"}}},
               {"spend", m},
               {"earnedValue", m},
               {"bestValue", m},
               {"missed", m}}}};
  return {{"type", "object"},
          {"properties",
           {{"period", ledger::report::period_schema()},
            {"categories", {{"type", "array"}, {"items", row}}},
            {"totals", {{"type", "array"}, {"items", total}, {"description", "per currency"}}}}},
          {"required", {"period", "categories", "totals"}}};
}

}  // namespace

mcp::ToolSpec missed_tool() {
  return {.name = "rewards_missed",
          .title = "Rewards missed by card choice",
          .description =
              "For the purchases charged to linked cards in a period (voided ones left out), per "
              "reward category: "
              "what they earned, and what the best card in the wallet would have earned on the "
              "same spend, in "
              "money at each card's pointValueCents (points rounded down). missed = best − earned.",
          .input_schema = s::object_schema(ledger::period_fields()),
          .output_schema = missed_schema(),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
            store::Store& st = app::store_of(ctx);
            ledger::Period p = ledger::period_from_args(a, st.today());
            std::vector<Card> cards = all_cards(st);
            json categories = json::array();
            struct Total {
              std::int64_t spend = 0, earned = 0, best = 0, missed = 0;
            };
            std::map<std::string, Total> totals;
            for (const auto& row : missed_rewards(st, cards, p.start, p.end)) {
              json earned = json::array();
              for (const auto& e : row.earned) earned.push_back(card_earn_json(e));
              json r{{"category", row.category},
                     {"currency", row.currency},
                     {"spend", money(row.spend_minor, row.currency)},
                     {"earned", earned},
                     {"earnedValue", money(row.earned_minor, row.currency)},
                     {"missed", money(row.missed_minor, row.currency)}};
              if (row.best) r["best"] = card_earn_json(*row.best);
              categories.push_back(std::move(r));
              Total& t = totals[row.currency];
              t.spend += row.spend_minor;
              t.earned += row.earned_minor;
              t.best += row.best ? row.best->value_minor : 0;
              t.missed += row.missed_minor;
            }
            json total_list = json::array();
            for (const auto& [currency, t] : totals)
              total_list.push_back({{"currency", currency},
                                    {"spend", money(t.spend, currency)},
                                    {"earnedValue", money(t.earned, currency)},
                                    {"bestValue", money(t.best, currency)},
                                    {"missed", money(t.missed, currency)}});
            return ToolResult::of({{"period", ledger::report::period_json(p)},
                                   {"categories", categories},
                                   {"totals", total_list}});
          }};
}

}  // namespace tally::rewards
