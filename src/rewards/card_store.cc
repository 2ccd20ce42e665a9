#include "rewards/card_store.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"
#include "rewards/catalog.h"
#include "rewards/units.h"

namespace tally::rewards {

using mcp::json;

std::int64_t Card::earn_rate(const std::string& category) const {
  std::int64_t base = 0;
  for (const auto& [c, rate] : earn_rates) {
    if (c == category) return rate;
    if (c == "other") base = rate;
  }
  return base;
}

namespace {

constexpr const char* kSelect =
    "SELECT id, card_key, issuer, display_name, reward_type, currency, current_points, "
    "current_cashback_minor, point_value_mc, annual_fee_minor, signup_spend_required_minor, "
    "signup_current_spend_minor, signup_bonus_amount, signup_applied FROM card ";

Card read_card(store::Prepared& q) {
  Card c;
  c.id = q.getColumn(0).getString();
  if (!q.getColumn(1).isNull()) c.card_key = q.getColumn(1).getString();
  c.issuer = q.getColumn(2).getString();
  c.display_name = q.getColumn(3).getString();
  c.reward_type = q.getColumn(4).getString();
  c.currency = q.getColumn(5).getString();
  c.current_points = q.getColumn(6).getInt64();
  c.current_cashback_minor = q.getColumn(7).getInt64();
  c.point_value_mc = q.getColumn(8).getInt64();
  c.annual_fee_minor = q.getColumn(9).getInt64();
  if (!q.getColumn(12).isNull())
    c.signup = SignupBonus{q.getColumn(10).getInt64(), q.getColumn(11).getInt64(),
                           q.getColumn(12).getInt64(), q.getColumn(13).getInt() != 0};
  return c;
}

void load_rates(store::Store& st, Card& card) {
  store::Prepared q = st.prepared("SELECT category, rate_hundredths FROM card_earn_rate WHERE card_id = ? "
                      "ORDER BY category");
  q.bind(1, card.id);
  while (q.executeStep()) card.earn_rates.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
}

}  // namespace

std::optional<Card> find_card(store::Store& st, const std::string& id) {
  store::Prepared q = st.prepared(std::string(kSelect) + "WHERE workspace_id = ? AND id = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  Card c = read_card(q);
  load_rates(st, c);
  return c;
}

Card require_card(store::Store& st, const std::string& id) {
  auto card = find_card(st, id);
  if (!card) throw mcp::ToolError(kCardNotFound);  // seed 001, Errors
  return std::move(*card);
}

std::vector<Card> all_cards(store::Store& st) {
  std::vector<Card> cards;
  store::Prepared q = st.prepared(std::string(kSelect) + "WHERE workspace_id = ? ORDER BY id");
  q.bind(1, st.workspace_id);
  while (q.executeStep()) cards.push_back(read_card(q));
  // One pass over the rates of every card in the workspace, rather than one query per card.
  store::Prepared r = st.prepared("SELECT r.card_id, r.category, r.rate_hundredths FROM card_earn_rate r "
                      "JOIN card c ON c.id = r.card_id WHERE c.workspace_id = ? "
                      "ORDER BY r.card_id, r.category");
  r.bind(1, st.workspace_id);
  std::size_t i = 0;
  while (r.executeStep()) {
    std::string card_id = r.getColumn(0).getString();
    while (i < cards.size() && cards[i].id < card_id) ++i;
    if (i < cards.size() && cards[i].id == card_id)
      cards[i].earn_rates.emplace_back(r.getColumn(1).getString(), r.getColumn(2).getInt64());
  }
  return cards;
}

void insert_card(store::Store& st, const Card& c) {
  store::Prepared q = st.prepared(R"sql(
INSERT INTO card (id, workspace_id, card_key, issuer, display_name, reward_type, currency,
                  point_value_mc, annual_fee_minor, signup_spend_required_minor,
                  signup_current_spend_minor, signup_bonus_amount, signup_applied, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  q.bind(1, c.id);
  q.bind(2, st.workspace_id);
  if (c.card_key) q.bind(3, *c.card_key);
  q.bind(4, c.issuer);
  q.bind(5, c.display_name);
  q.bind(6, c.reward_type);
  q.bind(7, c.currency);
  q.bind(8, c.point_value_mc);
  q.bind(9, c.annual_fee_minor);
  if (c.signup) {
    q.bind(10, c.signup->spend_required_minor);
    q.bind(11, c.signup->current_spend_minor);
    q.bind(12, c.signup->bonus_amount);
    q.bind(13, c.signup->applied ? 1 : 0);
  } else {
    q.bind(13, 0);
  }
  q.bind(14, st.clock.now_iso());
  q.exec();
  store::Prepared rate = st.prepared("INSERT INTO card_earn_rate (card_id, category, rate_hundredths) VALUES (?, ?, ?)");
  for (const auto& [category, value] : c.earn_rates) {
    rate.bind(1, c.id);
    rate.bind(2, category);
    rate.bind(3, value);
    rate.exec();
    rate.reset();
  }
}

void set_balance(store::Store& st, const std::string& card_id, bool points, std::int64_t balance) {
  store::Prepared q = st.prepared(points ? "UPDATE card SET current_points = ? WHERE workspace_id = ? AND id = ?"
                                    : "UPDATE card SET current_cashback_minor = ? WHERE workspace_id = ? AND id = ?");
  q.bind(1, balance);
  q.bind(2, st.workspace_id);
  q.bind(3, card_id);
  q.exec();
}

json card_json(const Card& c) {
  const store::Currency currency = currency_of(c.currency);
  json signup = nullptr;
  if (c.signup) {
    signup = json{{"spendRequired", scaled_number(c.signup->spend_required_minor, currency.exponent)},
                  {"currentSpend", scaled_number(c.signup->current_spend_minor, currency.exponent)},
                  {"bonusAmount", c.is_points() ? json(c.signup->bonus_amount)
                                                : scaled_number(c.signup->bonus_amount, currency.exponent)},
                  {"bonusUnit", c.reward_type},
                  {"completed", c.signup->current_spend_minor >= c.signup->spend_required_minor},
                  {"applied", c.signup->applied}};
  }
  return json{{"id", c.id},
              {"cardKey", c.card_key ? json(*c.card_key) : json(nullptr)},
              {"displayName", c.display_name},
              {"issuer", c.issuer},
              {"rewardType", c.reward_type},
              {"currentPoints", c.current_points},
              {"currentCashBack", scaled_number(c.current_cashback_minor, currency.exponent)},
              {"currency", c.currency},
              {"pointValueCents", scaled_number(c.point_value_mc, 3)},
              {"annualFee", scaled_number(c.annual_fee_minor, currency.exponent)},
              {"earnRates", earn_rates_json(c.earn_rates)},
              {"signupBonus", signup}};
}

json card_schema() {
  json number = {{"type", "number"}};
  return json{
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"cardKey", {{"type", {"string", "null"}}, {"description", "Catalog key; null for a card entered by hand"}}},
        {"displayName", {{"type", "string"}}},
        {"issuer", {{"type", "string"}}},
        {"rewardType", {{"type", "string"}, {"enum", {"points", "cashback"}}}},
        {"currentPoints", {{"type", "integer"}, {"description", "Points balance (0 on cashback cards)"}}},
        {"currentCashBack", {{"type", "number"}, {"description", "Cashback balance in dollars (0 on points cards)"}}},
        {"currency", {{"type", "string"}, {"description", "Currency of cashback, fees and spend"}}},
        {"pointValueCents", {{"type", "number"}, {"description", "Cents per point (cashback: 1)"}}},
        {"annualFee", {{"type", "number"}, {"description", "Dollars per year"}}},
        {"earnRates", {{"type", "object"}, {"description", "Points per dollar or percent back by category"}}},
        {"signupBonus",
         {{"type", {"object", "null"}},
          {"properties",
           {{"spendRequired", number},
            {"currentSpend", number},
            {"bonusAmount", number},
            {"bonusUnit", {{"type", "string"}, {"enum", {"points", "cashback"}}}},
            {"completed", {{"type", "boolean"}, {"description", "currentSpend ≥ spendRequired"}}},
            {"applied", {{"type", "boolean"}, {"description", "The bonus has been credited"}}}}}}}}},
      {"required", {"id", "cardKey", "displayName", "issuer", "rewardType", "currentPoints",
                    "currentCashBack", "pointValueCents", "annualFee", "signupBonus"}}};
}

}  // namespace tally::rewards
