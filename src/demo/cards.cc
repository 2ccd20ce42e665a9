// The rewards part of the demo: three cards from the bundled catalog with
// balances, a sign-up bonus, perks with deadlines, merchant offers and some
// earn/redeem history; the Gold card linked to the ledger's Credit Card, so a
// dinner charged there earns its points by itself (issue 21).
#include "demo/demo_calls.h"

namespace tally::demo {

void add_cards(DemoCalls& call) {
  using mcp::json;
  const std::string sapphire = call("rewards_add_card",
                                    {{"cardKey", "chase-sapphire-preferred"},
                                     {"openingBalance", 84210},
                                     {"signupBonus", {{"spendRequired", "4000"}, {"currentSpend", "4200"},
                                                      {"bonusAmount", 75000}, {"applied", true}}}})["id"].get<std::string>();
  const std::string gold = call("rewards_add_card", {{"cardKey", "amex-gold"}, {"openingBalance", 12500}})["id"].get<std::string>();
  const std::string cash = call("rewards_add_card", {{"cardKey", "citi-double-cash"}, {"openingBalance", "37.42"}})["id"].get<std::string>();

  call("rewards_add_perk", {{"cardId", gold}, {"name", "Uber Cash"}, {"value", "10.00"}, {"deadline", call.day(20)},
                            {"frequency", "monthly"}, {"count", 3}});
  call("rewards_add_perk", {{"cardId", gold}, {"name", "Dining credit"}, {"value", "10.00"}, {"deadline", call.day(6)},
                            {"frequency", "once"}});
  call("rewards_add_perk", {{"cardId", sapphire}, {"name", "DoorDash credit"}, {"value", "10.00"},
                            {"deadline", call.day(75)}, {"frequency", "once"}});
  call("rewards_add_offer", {{"cardId", gold}, {"merchant", "Starbucks"}, {"category", "dining"},
                             {"percentBack", "10"}, {"maxReward", "5.00"}, {"expiresOn", call.day(45)}});
  call("rewards_add_offer", {{"cardId", sapphire}, {"merchant", "Whole Foods"}, {"category", "grocery"},
                             {"fixedReward", "15.00"}, {"minSpend", "75.00"}, {"expiresOn", call.day(30)}});
  call("rewards_add_offer", {{"cardId", cash}, {"merchant", "Shell"}, {"category", "gas"}, {"percentBack", "5"},
                             {"maxReward", "10.00"}, {"expiresOn", call.day(14)}});

  call("log_transaction", {{"cardId", gold}, {"type", "earn"}, {"unit", "points"}, {"amount", 320},
                           {"note", "Dinner at Nopa"}});
  call("log_transaction", {{"cardId", sapphire}, {"type", "earn"}, {"unit", "points"}, {"amount", 1460},
                           {"note", "Flights to Denver"}});
  call("log_transaction", {{"cardId", sapphire}, {"type", "redeem"}, {"unit", "points"}, {"amount", 25000},
                           {"note", "Hotel night via Chase Travel"}});
  call("log_transaction", {{"cardId", cash}, {"type", "earn"}, {"unit", "cashback"}, {"amount", "4.18"},
                           {"note", "Groceries"}});

  std::string credit_card;
  const json context = call("extrack_get_context", json::object());
  for (const auto& a : context["accounts"])
    if (a["name"] == "Credit Card") credit_card = a["id"].get<std::string>();
  call("rewards_link_card", {{"cardId", gold}, {"accountId", credit_card}});
  const json dinner = call("extrack_create_transaction_draft",
                           {{"type", "expense"}, {"title", "Dinner at Zuni Café"}, {"date", call.day(-2)},
                            {"accountId", credit_card}, {"expenseAmount", "86.40"}, {"categoryName", "Dining"}});
  call("extrack_post_transaction_draft", {{"draftId", dinner["id"]}});  // 4x dining: 345 points
  // 1x elsewhere: 129 points ($1.29), where the Double Cash would have paid $2.59 (rewards_missed).
  const json headphones = call("extrack_create_transaction_draft",
                               {{"type", "expense"}, {"title", "Headphones at Best Buy"}, {"date", call.day(-1)},
                                {"accountId", credit_card}, {"expenseAmount", "129.99"}, {"categoryName", "Shopping"}});
  call("extrack_post_transaction_draft", {{"draftId", headphones["id"]}});
}

}  // namespace tally::demo
