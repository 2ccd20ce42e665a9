// list_offers and rewards_add_offer.
#include "store/transaction.h"
#include "app/call_store.h"

#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/card_store.h"
#include "rewards/categories.h"
#include "util/fold.h"
#include "rewards/offer_store.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"
#include "util/text.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

mcp::ToolSpec list_offers_tool() {
  return {.name = "list_offers",
          .title = "List merchant offers",
          .description =
              "Returns merchant offers (Amex Offers, Chase Offers, BoA Deals) attached to your cards. "
              "Soonest expiry first. merchant is a case-insensitive substring (any script; % and _ "
              "are literal).",
          .input_schema = s::object_schema({
              s::enumeration("category", {TALLY_REWARDS_CATEGORIES}),
              s::string("merchant").max_length(80).describe("Case-insensitive substring match."),
              s::boolean("includeUsed").def(false).describe("Include offers you've already claimed."),
              s::boolean("includeExpired").def(false).describe("Include offers past their expiration."),
              s::integer("limit").min(1).max(500).def(100),
          }),
          .output_schema = list_schema("offers", offer_schema(), true),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            OfferFilter f;
            f.category = a.opt_str("category");
            if (auto m = a.opt_str("merchant")) f.merchant_fold = util::fold(*m);
            f.include_used = a.boolean("includeUsed");
            f.include_expired = a.boolean("includeExpired");
            f.limit = static_cast<int>(a.integer("limit"));
            const std::string today = st.today();
            OfferPage page = list_offers(st, f, today);
            json rows = json::array();
            for (const auto& o : page.rows) rows.push_back(offer_json(o, today));
            return ToolResult::of({{"count", rows.size()}, {"offers", std::move(rows)}, {"truncated", page.truncated}});
          }};
}

mcp::ToolSpec add_offer_tool() {
  return {
      .name = "rewards_add_offer",
      .title = "Add a merchant offer",
      .description =
          "Adds a merchant offer to a card: either percentBack (e.g. \"10\" for 10%, optionally "
          "capped by maxReward) or fixedReward (e.g. \"10.00\"), optionally with a minSpend and an "
          "expiry date. used: true records an offer already claimed.",
      .input_schema = s::object_schema({
          s::string("cardId").required(),
          s::string("merchant").required().min_length(1).max_length(80),
          s::enumeration("category", {TALLY_REWARDS_CATEGORIES}).def("other"),
          s::decimal("percentBack").describe("Percent back, more than 0 and at most 100, up to 2 decimals"),
          s::decimal("fixedReward").describe("A fixed reward in the card's currency"),
          s::decimal("minSpend").describe("Minimum purchase to qualify"),
          s::decimal("maxReward").describe("Cap on a percent offer's reward"),
          s::date("expiresOn").describe("Last valid day; omit for no end date"),
          s::string("description").max_length(200).describe("Defaults to a sentence built from the terms"),
          s::boolean("used").def(false),
      }),
      .output_schema = offer_schema(),
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        require_paid_or_trial(st);
        Card card = require_card(st, a.str("cardId"));
        const store::Currency currency = currency_of(card.currency);
        auto money = [&](const char* key) -> std::optional<std::int64_t> {
          if (!a.has(key)) return std::nullopt;
          std::string error;
          auto minor = store::parse_minor(a.decimal_text(key), currency, error);
          if (!minor) throw ToolError(std::string(key) + ": " + error);
          if (*minor < 0) throw ToolError(std::string(key) + ": must not be negative (got " + a.decimal_text(key) + ")");
          return minor;
        };
        if (a.has("percentBack") == a.has("fixedReward"))
          throw ToolError("Give either percentBack or fixedReward (exactly one).");
        Offer o;
        o.id = st.ids.next("ofr");
        o.card_id = card.id;
        o.card_name = card.display_name;
        o.merchant = a.str("merchant");
        if (auto problem = util::name_problem(o.merchant); !problem.empty()) throw ToolError("merchant: " + problem);
        o.category = a.str("category");
        o.currency = card.currency;
        if (a.has("percentBack")) {
          std::string error;
          auto bp = parse_scaled(a.decimal_text("percentBack"), 2, error);
          if (!bp) throw ToolError("percentBack: " + error);
          if (*bp == 0 || *bp > 10000)
            throw ToolError("percentBack: must be more than 0 and at most 100 (got " + a.decimal_text("percentBack") + ")");
          o.kind = "percent";
          o.value = *bp;
          o.max_reward_minor = money("maxReward");
          if (o.max_reward_minor && *o.max_reward_minor == 0)
            throw ToolError("maxReward: must be greater than 0 (omit it for no cap)");
        } else {
          o.kind = "fixed";
          o.value = *money("fixedReward");
          if (o.value == 0) throw ToolError("fixedReward: must be greater than 0");
          if (a.has("maxReward")) throw ToolError("maxReward: only percent offers have a cap");
        }
        o.min_spend_minor = money("minSpend");
        if (auto d = a.opt_str("expiresOn")) o.expires_on = *d;
        if (a.boolean("used")) o.used_at = st.clock.now_iso();
        o.description = a.has("description") ? a.str("description") : describe_offer(o);
        insert_offer(st, o, util::fold(o.merchant));
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(offer_json(o, st.today()));
      }};
}

}  // namespace tally::rewards
