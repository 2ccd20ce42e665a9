// list_perks, mark_perk_used and rewards_add_perk.
#include "store/transaction.h"
#include "app/call_store.h"

#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/perk_store.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"
#include "util/text.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {
constexpr const char* kPerkNotFound = "Perk not found.";
}

mcp::ToolSpec list_perks_tool() {
  return {.name = "list_perks",
          .title = "List perks",
          .description =
              "Returns recurring statement credits (monthly Uber Cash, annual hotel credits, etc.) "
              "with deadlines and used status. Soonest deadline first; `expired` means the deadline "
              "has passed.",
          .input_schema = s::object_schema({
              s::enumeration("scope", {"open", "used", "all"}).def("open").describe("Filters by claim status."),
              s::string("cardId").describe("Restrict to one card."),
              s::integer("year").min(2000).max(2100).describe("Restrict to a calendar year."),
              s::integer("limit").min(1).max(500).def(100).describe("Max rows returned."),
          }),
          .output_schema = list_schema("perks", perk_schema(), true),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            PerkFilter f;
            f.scope = a.str("scope");
            f.card_id = a.opt_str("cardId");
            if (f.card_id) require_card(st, *f.card_id);
            if (auto year = a.opt_int("year")) f.year = static_cast<int>(*year);
            f.limit = static_cast<int>(a.integer("limit"));
            PerkPage page = list_perks(st, f);
            const std::string today = st.today();
            json rows = json::array();
            for (const auto& p : page.rows) rows.push_back(perk_json(p, today));
            return ToolResult::of({{"count", rows.size()}, {"perks", std::move(rows)}, {"truncated", page.truncated}});
          }};
}

mcp::ToolSpec mark_perk_used_tool() {
  return {.name = "mark_perk_used",
          .title = "Mark a perk used",
          .description =
              "Toggles whether a perk has been claimed. used: false undoes a claim and clears "
              "usedAt. Marking a used perk used again keeps its first usedAt.",
          .input_schema = s::object_schema({
              s::string("perkId").required(),
              s::boolean("used").def(true),
          }),
          .output_schema = perk_schema(),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            store::Transaction tx(st.db);
            require_paid_or_trial(st);
            const std::string id = a.str("perkId");
            if (!find_perk(st, id)) throw ToolError(kPerkNotFound);
            set_perk_used(st, id, a.boolean("used", true), st.clock.now_iso());
            ctx.check_cancelled();
            Perk after = *find_perk(st, id);
            tx.commit();
            return ToolResult::of(perk_json(after, st.today()));
          }};
}

mcp::ToolSpec add_perk_tool() {
  return {
      .name = "rewards_add_perk",
      .title = "Add a perk",
      .description =
          "Adds a statement credit to a card, e.g. a $15 monthly Uber Cash credit. With a "
          "frequency and count > 1 it adds one perk per period, the first due on `deadline`, the "
          "next one period later (month-end deadlines stay month-end).",
      .input_schema = s::object_schema({
          s::string("cardId").required(),
          s::string("name").required().min_length(1).max_length(120).describe("e.g. Uber Cash"),
          s::decimal("value").required().describe("The credit in the card's currency, e.g. \"15.00\""),
          s::date("deadline").required().describe("Last day to use it (the first one, when recurring)"),
          s::enumeration("frequency", {"monthly", "quarterly", "semiannual", "annual", "once"}).def("once"),
          s::integer("count").min(1).max(24).def(1).describe("How many periods to add"),
      }),
      .output_schema = list_schema("perks", perk_schema(), false),
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        require_paid_or_trial(st);
        Card card = require_card(st, a.str("cardId"));
        std::string error;
        auto value = store::parse_minor(a.decimal_text("value"), currency_of(card.currency), error);
        if (!value) throw ToolError("value: " + error);
        if (*value < 0) throw ToolError("value: must not be negative (got " + a.decimal_text("value") + ")");
        const std::string frequency = a.str("frequency");
        const int count = static_cast<int>(a.integer("count"));
        if (frequency == "once" && count > 1)
          throw ToolError("count: a perk with frequency \"once\" happens once; choose monthly, quarterly, "
                          "semiannual or annual to add " + std::to_string(count));
        if (auto problem = util::name_problem(a.str("name")); !problem.empty()) throw ToolError("name: " + problem);
        auto perks = insert_perks(st, card, a.str("name"), *value, frequency, a.str("deadline"), count);
        ctx.check_cancelled();
        tx.commit();
        const std::string today = st.today();
        json rows = json::array();
        for (const auto& p : perks) rows.push_back(perk_json(p, today));
        return ToolResult::of({{"count", rows.size()}, {"perks", std::move(rows)}});
      }};
}

}  // namespace tally::rewards
