// list_cards, get_catalog_card and rewards_add_card.
#include "store/transaction.h"
#include "app/call_store.h"

#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/card_store.h"
#include "rewards/catalog.h"
#include "rewards/categories.h"
#include "rewards/reward_ledger.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"
#include "util/text.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

json list_schema(const char* key, json item, bool with_truncated) {
  json props = {{"count", {{"type", "integer"}, {"description", "Items in this result"}}},
                {key, {{"type", "array"}, {"items", std::move(item)}}}};
  json required = {"count", key};
  if (with_truncated) {
    props["truncated"] = {{"type", "boolean"}, {"description", "More rows matched than `limit` returned"}};
    required.push_back("truncated");
  }
  return json{{"type", "object"}, {"properties", std::move(props)}, {"required", std::move(required)}};
}

mcp::ToolSpec list_cards_tool() {
  return {.name = "list_cards",
          .title = "List cards",
          .description =
              "Returns every credit card the authenticated user is tracking, with balances, point "
              "value, annual fee, and sign-up bonus progress. Cashback, fees and spend are in "
              "dollars; pointValueCents is cents per point.",
          .input_schema = s::object_schema({}),
          .output_schema = list_schema("cards", card_schema(), false),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            json cards = json::array();
            for (const auto& card : all_cards(st)) cards.push_back(card_json(card));
            std::size_t count = cards.size();
            return ToolResult::of({{"count", count}, {"cards", std::move(cards)}});
          }};
}

mcp::ToolSpec get_catalog_card_tool() {
  return {.name = "get_catalog_card",
          .title = "Look up catalog cards",
          .description =
              "Looks up catalog metadata for a credit card by cardKey. Public, no auth required. "
              "Omit cardKey to get the full catalog. Returns {count, cards}.",
          .input_schema = s::object_schema(
              {s::string("cardKey").max_length(80).describe("e.g. chase-sapphire-preferred. Omit to get the full catalog.")}),
          .output_schema = list_schema("cards", catalog_card_schema(), false),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            // Never gated by the paywall and needs no workspace data (seed: public).
            json cards = json::array();
            if (auto key = a.opt_str("cardKey")) {
              auto card = find_catalog_card(st.db, *key);
              if (!card) throw ToolError(unknown_key_message(st.db, *key));
              cards.push_back(catalog_card_json(*card));
            } else {
              for (const auto& card : all_catalog_cards(st.db)) cards.push_back(catalog_card_json(card));
            }
            std::size_t count = cards.size();
            return ToolResult::of({{"count", count}, {"cards", std::move(cards)}});
          }};
}

namespace {

std::int64_t parse_money_arg(const mcp::Args& a, const char* key, const store::Currency& currency) {
  std::string error;
  auto minor = store::parse_minor(a.decimal_text(key), currency, error);
  if (!minor) throw ToolError(a.path_of(key) + ": " + error);
  if (*minor < 0) throw ToolError(a.path_of(key) + ": must not be negative (got " + a.decimal_text(key) + ")");
  return *minor;
}

std::int64_t parse_points_arg(const mcp::Args& a, const char* key) {
  std::string error;
  auto points = parse_points(a.decimal_text(key), error);
  if (!points) throw ToolError(a.path_of(key) + ": " + error);
  return *points;
}

std::int64_t parse_scaled_arg(const mcp::Args& a, const char* key, int scale) {
  std::string error;
  auto value = parse_scaled(a.decimal_text(key), scale, error);
  if (!value) throw ToolError(a.path_of(key) + ": " + error);
  return *value;
}

std::vector<s::Field> earn_rate_fields() {
  std::vector<s::Field> fields;
  for (auto c : kCategories)
    fields.push_back(s::decimal(std::string(c)).describe(c == kBaseCategory
                                                             ? "Base rate on everything else"
                                                             : "Rate in this category"));
  return fields;
}

}  // namespace

mcp::ToolSpec add_card_tool() {
  return {
      .name = "rewards_add_card",
      .title = "Add a card",
      .description =
          "Adds a credit card to the wallet, from the catalog (cardKey; see get_catalog_card) or by "
          "hand (displayName, issuer, rewardType). Fields given override the catalog's. "
          "openingBalance (points, or dollars of cashback) is recorded as an earn transaction. "
          "earnRates are points per dollar (or percent back) by category; `other` is the base rate.",
      .input_schema = s::object_schema({
          s::string("cardKey").max_length(80).describe("Catalog key, e.g. chase-sapphire-preferred"),
          s::string("displayName").min_length(1).max_length(120).describe("Required without cardKey"),
          s::string("issuer").min_length(1).max_length(80).describe("Required without cardKey"),
          s::enumeration("rewardType", {"points", "cashback"}).describe("Required without cardKey"),
          s::decimal("pointValueCents").describe("Cents per point, up to 3 decimals (e.g. 1.25); points cards only"),
          s::decimal("annualFee").describe("Dollars per year"),
          s::string("currency").min_length(3).max_length(3).def("USD").describe("ISO 4217 code of cashback, fees and spend"),
          s::object("earnRates", earn_rate_fields()).describe("Points per dollar or percent back by category, e.g. {\"dining\": 3, \"other\": 1}"),
          s::decimal("openingBalance").describe("Current balance: whole points, or dollars of cashback"),
          s::object("signupBonus",
                    {s::decimal("spendRequired").required().describe("Dollars to spend"),
                     s::decimal("currentSpend").def("0").describe("Dollars spent so far"),
                     s::decimal("bonusAmount").required().describe("Points, or dollars for a cashback card"),
                     s::boolean("applied").def(false).describe("The bonus has been credited")}),
      }),
      .output_schema = card_schema(),
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        require_paid_or_trial(st);
        Card card;
        card.id = st.ids.next("crd");
        if (auto key = a.opt_str("cardKey")) {
          auto entry = find_catalog_card(st.db, *key);
          if (!entry) throw ToolError(unknown_key_message(st.db, *key));
          card.card_key = entry->card_key;
          card.issuer = entry->issuer;
          card.display_name = entry->display_name;
          card.reward_type = entry->reward_type;
          card.point_value_mc = entry->point_value_mc;
          card.annual_fee_minor = entry->annual_fee_minor;
          card.earn_rates = entry->earn_rates;
        } else {
          for (const char* needed : {"displayName", "issuer", "rewardType"})
            if (!a.has(needed))
              throw ToolError(std::string(needed) + ": is required when cardKey is not given");
        }
        if (auto v = a.opt_str("displayName")) card.display_name = *v;
        if (auto v = a.opt_str("issuer")) card.issuer = *v;
        for (const char* key : {"displayName", "issuer"})
          if (auto v = a.opt_str(key); v && !util::name_problem(*v).empty()) throw ToolError(std::string(key) + ": " + util::name_problem(*v));
        if (auto v = a.opt_str("rewardType")) card.reward_type = *v;
        card.currency = a.str("currency");
        auto currency = store::find_currency(card.currency);
        if (!currency)
          throw ToolError("currency: " + card.currency + " is not an ISO 4217 currency code (for example USD)");
        if (!card.is_points()) card.point_value_mc = 1000;
        if (a.has("pointValueCents")) {
          if (!card.is_points())
            throw ToolError("pointValueCents: a cashback card's rewards are worth their face value; omit it");
          card.point_value_mc = parse_scaled_arg(a, "pointValueCents", 3);
          if (card.point_value_mc == 0 || card.point_value_mc > 100000)
            throw ToolError("pointValueCents: must be more than 0 and at most 100 (got " +
                            a.decimal_text("pointValueCents") + ")");
        } else if (!card.card_key || card.point_value_mc <= 0) {
          card.point_value_mc = 1000;
        }
        if (a.has("annualFee")) card.annual_fee_minor = parse_money_arg(a, "annualFee", *currency);
        if (a.has("earnRates")) {
          mcp::Args rates = a.object("earnRates");
          for (auto c : kCategories) {
            std::string name(c);
            if (!rates.has(name)) continue;
            std::int64_t rate = parse_scaled_arg(rates, name.c_str(), 2);
            if (rate > 10000) throw ToolError(rates.path_of(name) + ": must be at most 100 (got " + rates.decimal_text(name) + ")");
            bool replaced = false;
            for (auto& [category, value] : card.earn_rates)
              if (category == name) {
                value = rate;
                replaced = true;
              }
            if (!replaced) card.earn_rates.emplace_back(name, rate);
          }
        }
        bool has_base = false;
        for (const auto& [category, value] : card.earn_rates) has_base = has_base || category == kBaseCategory;
        if (!has_base) card.earn_rates.emplace_back(std::string(kBaseCategory), 100);
        if (a.has("signupBonus")) {
          mcp::Args bonus = a.object("signupBonus");
          SignupBonus sb;
          sb.spend_required_minor = parse_money_arg(bonus, "spendRequired", *currency);
          sb.current_spend_minor = parse_money_arg(bonus, "currentSpend", *currency);
          sb.bonus_amount = card.is_points() ? parse_points_arg(bonus, "bonusAmount")
                                             : parse_money_arg(bonus, "bonusAmount", *currency);
          if (sb.bonus_amount <= 0)
            throw ToolError(bonus.path_of("bonusAmount") + ": must be greater than 0 (got " +
                            bonus.decimal_text("bonusAmount") + ")");
          sb.applied = bonus.boolean("applied");
          card.signup = sb;
        }
        insert_card(st, card);
        if (a.has("openingBalance")) {
          std::int64_t opening = card.is_points() ? parse_points_arg(a, "openingBalance")
                                                  : parse_money_arg(a, "openingBalance", *currency);
          // Opening balances are earns, so current = Σearn − Σredeem holds (domain.md §2).
          if (opening > 0) record_reward(st, card, "earn", opening, std::string("Opening balance"));
        }
        ctx.check_cancelled();
        Card saved = require_card(st, card.id);
        tx.commit();
        return ToolResult::of(card_json(saved));
      }};
}

}  // namespace tally::rewards
