#include "rewards/prompts.h"

namespace tally::rewards {

namespace {

std::string arg(const mcp::json& a, const char* name) {
  auto it = a.find(name);
  return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<mcp::PromptSpec> prompts() {
  return {{.name = "card_for_this_purchase",
           .title = "Which card for this purchase?",
           .description = "The card that earns the most at a merchant, offers included",
           .arguments = {{.name = "merchant", .description = "e.g. Whole Foods", .required = true},
                         {.name = "amount",
                          .description = "the purchase, e.g. 84.20 (helps with %-back offers)"}},
           .handler = [](const mcp::json& a, mcp::CallContext&) {
             std::string amount = arg(a, "amount");
             return mcp::user_text_prompt(
                 "Card for a purchase at " + arg(a, "merchant"),
                 "Which card should I use at " + arg(a, "merchant") +
                     (amount.empty() ? std::string() : " for " + amount) +
                     "?\n"
                     "1. recommend_card_for_merchant {merchant" +
                     (amount.empty() ? std::string() : ", amountCents (the amount in cents)") +
                     "}: the best card and why.\n"
                     "2. list_offers: any merchant offer that applies, and whether it must be "
                     "activated.\n"
                     "3. list_perks: a perk due soon that this purchase would use.\n"
                     "Answer with one card and one sentence of why; log nothing unless I ask.");
           }}};
}

}  // namespace tally::rewards
