// list_transactions and log_transaction: the earn/redeem ledger of points and cashback.
#include "store/transaction.h"
#include "app/call_store.h"

#include "mcp/json_text.h"
#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/card_store.h"
#include "rewards/reward_ledger.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

mcp::ToolSpec list_transactions_tool() {
  json output = list_schema("transactions", reward_schema(), true);
  output["properties"]["nextCursor"] = {
      {"type", "string"},
      {"description", "Present when truncated: pass it as `before` for the next page"}};
  return {.name = "list_transactions",
          .title = "List reward transactions",
          .description =
              "Returns recent earn/redeem transactions, newest first. Cursor pagination: pass a "
              "page's nextCursor (the createdAt of its last row) as `before` to get the next page; "
              "every row appears exactly once.",
          .input_schema = s::object_schema({
              s::string("cardId").describe("Restrict to one card."),
              s::enumeration("type", {"earn", "redeem"}),
              s::enumeration("unit", {"points", "cashback"}),
              s::integer("limit").min(1).max(500).def(50),
              s::datetime("before").describe("Cursor pagination: return only items older than this."),
          }),
          .output_schema = output,
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            RewardFilter f;
            f.card_id = a.opt_str("cardId");
            if (f.card_id) require_card(st, *f.card_id);
            f.type = a.opt_str("type");
            f.unit = a.opt_str("unit");
            f.limit = static_cast<int>(a.integer("limit"));
            if (auto before = a.opt_str("before")) {
              auto us = iso_to_us(*before);
              if (!us) throw ToolError("before: \"" + *before + "\" is not an ISO 8601 date-time");
              f.before = us_to_iso(*us);
            }
            // Written as text straight from SQLite's rows: the page is this call's
            // whole cost. Keys in sorted order; count and nextCursor come last to
            // be known, so the rows are written first and the object around them.
            mcp::JsonText rows;
            rows.begin_array();
            std::int64_t count = 0;
            std::string last_created;
            bool truncated = visit_rewards(st, f, [&](const RewardRowView& r) {
              write_reward(rows, r);
              ++count;
              last_created.assign(r.created_at);
            });
            rows.end_array();
            mcp::JsonText out;
            out.begin_object().key("count").integer(count);
            if (truncated) out.key("nextCursor").string(last_created);
            out.key("transactions").raw_value(rows.str()).key("truncated").boolean(truncated).end_object();
            return ToolResult::of_text(out.take());
          }};
}

mcp::ToolSpec log_transaction_tool() {
  json balance = {{"type", "object"},
                  {"description", "The card after the transaction"},
                  {"properties",
                   {{"id", {{"type", "string"}}},
                    {"displayName", {{"type", "string"}}},
                    {"rewardType", {{"type", "string"}}},
                    {"currentPoints", {{"type", "integer"}}},
                    {"currentCashBack", {{"type", "number"}}}}}};
  json output = {{"type", "object"},
                 {"properties", {{"transaction", reward_schema()}, {"card", balance}}},
                 {"required", {"transaction", "card"}}};
  return {
      .name = "log_transaction",
      .title = "Log an earn or redeem",
      .description =
          "Records an earn or redeem transaction on a card you own. The card's balance is updated "
          "atomically; the unit must match the card's reward type. Gated by the trial paywall: calls "
          "fail with a clear error after the trial expires unless you have an active subscription. "
          "amount is whole points, or dollars (up to the cents) of cashback.",
      .input_schema = s::object_schema({
          s::string("cardId").required(),
          s::enumeration("type", {"earn", "redeem"}).required(),
          s::enumeration("unit", {"points", "cashback"}).required().describe("Required; must match card."),
          s::Field("amount", {{"type", {"string", "number"}},
                              {"pattern", "^[0-9]+(\\.[0-9]+)?$"},
                              {"exclusiveMinimum", 0}})
              .required()
              .describe("Must be an integer for points cards."),
          s::string("note").max_length(200).describe("Optional free-text label."),
      }),
      .output_schema = output,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        require_paid_or_trial(st);
        Card card = require_card(st, a.str("cardId"));
        const std::string unit = a.str("unit");
        if (unit != card.reward_type)
          throw ToolError("unit: this card earns " + card.reward_type + ", so unit must be \"" +
                          card.reward_type + "\" (got \"" + unit + "\")");
        const std::string text = a.decimal_text("amount");
        std::string error;
        std::optional<std::int64_t> amount;
        if (card.is_points()) {
          amount = parse_points(text, error);
        } else {
          amount = store::parse_minor(text, currency_of(card.currency), error);
        }
        if (!amount) throw ToolError("amount: " + error);
        if (*amount <= 0) throw ToolError("amount: must be greater than 0 (got " + text + ")");
        RewardTxn row = record_reward(st, card, a.str("type"), *amount, a.opt_str("note"));
        ctx.check_cancelled();
        Card after = require_card(st, card.id);
        tx.commit();
        json c = card_json(after);
        return ToolResult::of({{"transaction", reward_json(row)},
                               {"card",
                                {{"id", c["id"]},
                                 {"displayName", c["displayName"]},
                                 {"rewardType", c["rewardType"]},
                                 {"currentPoints", c["currentPoints"]},
                                 {"currentCashBack", c["currentCashBack"]}}}});
      }};
}

}  // namespace tally::rewards
