// recommend_card_for_merchant: the top three cards for a purchase.
#include "mcp/schema.h"
#include "app/call_store.h"
#include "rewards/billing.h"
#include "rewards/categories.h"
#include "util/fold.h"
#include "rewards/recommendation.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

std::string rate_text(std::int64_t rate) { return scaled_text(rate, 2); }

std::string earn_sentence(const Recommendation& r) {
  std::string where = r.earn_category == "other" ? "everything" : r.earn_category;
  if (!r.card.is_points()) return rate_text(r.earn_rate) + "% cash back on " + where;
  return rate_text(r.earn_rate) + "x on " + where + " at " + scaled_text(r.card.point_value_mc, 3) +
         "¢ a point = " + scaled_text(earn_percent_scaled(r.card, r.earn_rate), 5) + "% back";
}

json recommendation_json(const Recommendation& r, int rank, const std::string& today) {
  const store::Currency currency = currency_of(r.card.currency);
  json out{{"rank", rank},
           {"cardId", r.card.id},
           {"displayName", r.card.display_name},
           {"issuer", r.card.issuer},
           {"rewardType", r.card.reward_type},
           {"pointValueCents", scaled_number(r.card.is_points() ? r.card.point_value_mc : 1000, 3)},
           {"earnCategory", r.earn_category},
           {"earnRate", scaled_number(r.earn_rate, 2)},
           {"earnPercentBack", scaled_text(earn_percent_scaled(r.card, r.earn_rate), 5)},
           {"offer", r.offer ? offer_json(*r.offer, today) : json(nullptr)},
           {"estimate", nullptr},
           {"reason", (r.offer ? "Active offer: " + r.offer->description + "; plus " : std::string()) +
                          earn_sentence(r)}};
  if (r.estimate) {
    const Estimate& e = *r.estimate;
    out["estimate"] = {
        {"amountCents", e.amount_minor},
        {"offerReward", store::money_json(e.offer_reward_minor, currency)},
        {"points", e.points ? json(*e.points) : json(nullptr)},
        {"earnReward", store::money_json(e.earn_reward_minor, currency)},
        {"totalReward", store::money_json(e.total_minor, currency)},
        {"effectivePercentBack",
         e.effective_percent_hundredths ? json(scaled_text(*e.effective_percent_hundredths, 2)) : json(nullptr)}};
  }
  return out;
}

json recommendation_schema() {
  json text = {{"type", "string"}};
  return json{
      {"type", "object"},
      {"properties",
       {{"rank", {{"type", "integer"}}},
        {"cardId", text},
        {"displayName", text},
        {"issuer", text},
        {"rewardType", text},
        {"pointValueCents", {{"type", "number"}}},
        {"earnCategory", {{"type", "string"}, {"description", "Category whose rate applies; other = base rate"}}},
        {"earnRate", {{"type", "number"}, {"description", "Points per dollar, or percent back"}}},
        {"earnPercentBack", {{"type", "string"}, {"description", "Exact percent back from earning: rate × point value"}}},
        {"offer", {{"type", {"object", "null"}}, {"description", "The card's best active offer at this merchant"}}},
        {"estimate",
         {{"type", {"object", "null"}},
          {"description", "With amountCents: rewards on that purchase, rounded down to the cent"},
          {"properties",
           {{"amountCents", {{"type", "integer"}}},
            {"offerReward", store::money_schema(kMoneyWording, "Offer reward")},
            {"points", {{"type", {"integer", "null"}}, {"description", "Points earned (points cards)"}}},
            {"earnReward", store::money_schema(kMoneyWording, "Value of points or cashback earned")},
            {"totalReward", store::money_schema(kMoneyWording, "offerReward + earnReward")},
            {"effectivePercentBack",
             {{"type", {"string", "null"}}, {"description", "totalReward / amount, percent, half-up to 0.01"}}}}}}},
        {"reason", text}}},
      {"required", {"rank", "cardId", "displayName", "earnRate", "earnPercentBack", "offer", "estimate", "reason"}}};
}

}  // namespace

mcp::ToolSpec recommend_card_tool() {
  json output = list_schema("recommendations", recommendation_schema(), false);
  output["properties"]["merchant"] = {{"type", "string"}};
  output["properties"]["category"] = {{"type", {"string", "null"}},
                                      {"description", "The category used for earn rates (given, or the matching offer's)"}};
  output["properties"]["amountCents"] = {{"type", {"integer", "null"}}};
  output["properties"]["message"] = {{"type", "string"}};
  return {
      .name = "recommend_card_for_merchant",
      .title = "Recommend a card for a merchant",
      .description =
          "Returns the top three cards from the user's wallet to use at a given merchant. Active "
          "merchant offers win first; otherwise the highest point-value card wins (then the "
          "category earn rate). Pass amountCents for exact %-back math.",
      .input_schema = s::object_schema({
          s::string("merchant").required().min_length(1).max_length(120).describe(
              "Merchant name. Case-insensitive substring match against your offers."),
          s::enumeration("category", {TALLY_REWARDS_CATEGORIES}).describe("Helps tie-break when no offer matches."),
          s::integer("amountCents").min(0).max(10000000).describe("Pass the purchase amount for accurate %-back math."),
      }),
      .output_schema = output,
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        require_paid_or_trial(st);  // seed 001: recommendations are gated
        const std::string merchant = a.str("merchant");
        const std::string today = st.today();
        std::vector<Offer> offers = active_offers_matching(st, util::fold(merchant), today);
        std::optional<std::string> category = a.opt_str("category");
        if (!category && !offers.empty()) category = offers.front().category;
        std::vector<Card> cards = all_cards(st);
        auto ranked = recommend(cards, offers, category, a.opt_int("amountCents"));
        json rows = json::array();
        int rank = 1;
        for (const auto& r : ranked) rows.push_back(recommendation_json(r, rank++, today));
        json out{{"merchant", merchant},
                 {"category", category ? json(*category) : json(nullptr)},
                 {"amountCents", a.has("amountCents") ? json(a.integer("amountCents")) : json(nullptr)},
                 {"count", rows.size()},
                 {"recommendations", std::move(rows)}};
        if (cards.empty()) out["message"] = "You have no cards. Add one with rewards_add_card first.";
        return ToolResult::of(std::move(out));
      }};
}

}  // namespace tally::rewards
