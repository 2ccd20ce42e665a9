// rewards_link_card, rewards_unlink_card and rewards_list_links: a card earns
// on the expenses charged to a credit-card account of the ledger (auto_earn.h).
#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/card_link.h"
#include "rewards/card_store.h"
#include "rewards/categories.h"
#include "rewards/earn.h"
#include "rewards/tools.h"
#include "rewards/units.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

struct LinkTotals {
  std::int64_t earned = 0, reversed = 0, unrecovered = 0;
};

LinkTotals totals_of(store::Store& st, const std::string& card_id) {
  LinkTotals t;
  store::Prepared earned = st.prepared(
      "SELECT COALESCE(SUM(amount), 0) FROM auto_earn WHERE workspace_id = ? AND card_id = ?");
  earned.bind(1, st.workspace_id);
  earned.bind(2, card_id);
  if (earned.executeStep()) t.earned = earned.getColumn(0).getInt64();
  earned.reset();
  store::Prepared reversed = st.prepared(
      "SELECT COALESCE(SUM(reversed), 0), COALESCE(SUM(unrecovered), 0) FROM auto_earn_reversal "
      "WHERE workspace_id = ? AND card_id = ?");
  reversed.bind(1, st.workspace_id);
  reversed.bind(2, card_id);
  if (reversed.executeStep()) {
    t.reversed = reversed.getColumn(0).getInt64();
    t.unrecovered = reversed.getColumn(1).getInt64();
  }
  reversed.reset();
  return t;
}

/// An amount in the card's unit: whole points, or cashback as money.
json unit_json(const Card& card, std::int64_t amount) {
  if (card.is_points()) return amount;
  return store::money_json(amount, currency_of(card.currency));
}

json link_json(store::Store& st, const CardLink& link) {
  Card card = require_card(st, link.card_id);
  auto account = ledger::find_account(st, link.account_id);
  json map = json::object();
  for (const auto& [name, category] : link.category_map) map[name] = category;
  LinkTotals t = totals_of(st, link.card_id);
  return {{"cardId", card.id},
          {"card", card.display_name},
          {"rewardType", card.reward_type},
          {"accountId", link.account_id},
          {"account", account ? account->name : link.account_id},
          {"currency", card.currency},
          {"categoryMap", map},
          {"linkedAt", link.created_at},
          {"autoEarned", unit_json(card, t.earned)},
          {"reversed", unit_json(card, t.reversed)},
          {"unrecovered", unit_json(card, t.unrecovered)}};
}

json link_schema() {
  json unit = {{"type", {"integer", "object"}},
               {"description", "whole points, or cashback as {amountMinor, amount, currency}"}};
  json unrecovered = unit;
  unrecovered["description"] = "what voids could not take back: already redeemed";
  return {{"type", "object"},
          {"properties",
           {{"cardId", {{"type", "string"}}},
            {"card", {{"type", "string"}}},
            {"rewardType", {{"type", "string"}}},
            {"accountId", {{"type", "string"}}},
            {"account", {{"type", "string"}}},
            {"currency", {{"type", "string"}}},
            {"categoryMap",
             {{"type", "object"},
              {"description", "overrides of the default ledger category → reward category map"}}},
            {"linkedAt", {{"type", "string"}}},
            {"autoEarned", unit},
            {"reversed", unit},
            {"unrecovered", unrecovered}}},
          {"required",
           {"cardId", "accountId", "categoryMap", "autoEarned", "reversed", "unrecovered"}}};
}

/// categoryMap's keys resolved to the ledger's expense categories (a typo is an
/// error with suggestions, as in the ledger's tools), values checked.
std::vector<std::pair<std::string, std::string>> category_map_of(store::Store& st,
                                                                 const mcp::Args& a) {
  std::vector<std::pair<std::string, std::string>> map;
  if (!a.has("categoryMap")) return map;
  const json& raw = a.raw().at("categoryMap");
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    const std::string where = "categoryMap[\"" + it.key() + "\"]";
    if (!it.value().is_string() || !is_category(it.value().get<std::string>()))
      throw ToolError(
          where +
          ": must be one of dining, travel, streaming, retail, grocery, gas, entertainment, other");
    ledger::Category c = ledger::resolve_category(st, it.key(), "expense", "categoryMap");
    for (const auto& [name, category] : map)
      if (name == c.name) throw ToolError(where + ": category \"" + c.name + "\" is mapped twice");
    map.emplace_back(c.name, it.value().get<std::string>());
  }
  return map;
}

}  // namespace

mcp::ToolSpec link_card_tool() {
  return {
      .name = "rewards_link_card",
      .title = "Link a card to its ledger account",
      .description =
          "Links a card in the wallet to the ledger's credit-card account it is charged to (same "
          "workspace and "
          "currency). From then on every expense posted to that account logs the card's earn in "
          "the same "
          "transaction: the category's earn rate (else the base rate) on the amount, by the ledger "
          "category "
          "(Dining → dining, Groceries → grocery, Travel → travel, Gas → gas, Shopping → retail, "
          "Entertainment → entertainment, Streaming → streaming, the rest → other; categoryMap "
          "overrides). A "
          "void takes the earn back. Gated by the trial paywall like log_transaction.",
      .input_schema = s::object_schema({
          s::string("cardId").required(),
          s::string("accountId")
              .required()
              .min_length(1)
              .max_length(64)
              .describe("a credit-card account (ledger_create_account subtype credit_card)"),
          s::Field("categoryMap", {{"type", "object"},
                                   {"maxProperties", 50},
                                   {"additionalProperties",
                                    {{"type", "string"}, {"enum", {TALLY_REWARDS_CATEGORIES}}}}})
              .describe(
                  "ledger expense category name → reward category, e.g. {\"Coffee\": \"dining\"}"),
      }),
      .output_schema = {{"type", "object"},
                        {"properties", {{"link", link_schema()}}},
                        {"required", {"link"}}},
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        require_paid_or_trial(st);
        Card card = require_card(st, a.str("cardId"));
        ledger::Account account = ledger::require_account(st, a.str("accountId"), "accountId");
        const std::string named = "\"" + account.name + "\" (" + account.id + ")";
        if (account.type != "liability" || account.subtype != "credit_card")
          throw ToolError("accountId: account " + named + " is not a credit-card account (it is " +
                          account.type + ", " + account.subtype +
                          "); link a liability account of subtype credit_card.");
        if (account.closed_on) throw ToolError("accountId: account " + named + " is closed.");
        if (account.currency != card.currency)
          throw ToolError("accountId: account " + named + " is in " + account.currency +
                          " but the card earns in " + card.currency + "; link an account in " +
                          card.currency + ".");
        if (auto existing = find_link(st, card.id))
          throw ToolError("Card " + card.id + " is already linked to account " +
                          existing->account_id + "; unlink it first (rewards_unlink_card).");
        if (auto other = card_linked_to(st, account.id))
          throw ToolError("accountId: account " + named + " is already linked to card " + *other +
                          ".");
        CardLink link{card.id, account.id, st.clock.now_iso(), category_map_of(st, a)};
        insert_link(st, link);
        json out{{"link", link_json(st, *find_link(st, card.id))}};
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(std::move(out));
      }};
}

mcp::ToolSpec unlink_card_tool() {
  return {
      .name = "rewards_unlink_card",
      .title = "Unlink a card from its ledger account",
      .description =
          "Stops a card's automatic earn on its ledger account. What it earned stays; a later void "
          "of a transaction it earned on still takes that earn back. Not behind the paywall.",
      .input_schema = s::object_schema({s::string("cardId").required()}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"cardId", {{"type", "string"}}}, {"accountId", {{"type", "string"}}}}},
                        {"required", {"cardId", "accountId"}}},
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        Card card = require_card(st, a.str("cardId"));
        auto link = find_link(st, card.id);
        if (!link) throw ToolError("Card " + card.id + " is not linked to an account.");
        delete_link(st, card.id);
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of({{"cardId", card.id}, {"accountId", link->account_id}});
      }};
}

mcp::ToolSpec list_links_tool() {
  return {
      .name = "rewards_list_links",
      .title = "List linked cards",
      .description =
          "Every card linked to a ledger account, with what it earned automatically, what voids "
          "took back, and what they could not take back because it was already redeemed.",
      .input_schema = s::object_schema({}),
      .output_schema = list_schema("links", link_schema(), false),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        json links = json::array();
        for (const auto& link : all_links(st)) links.push_back(link_json(st, link));
        std::size_t count = links.size();
        return ToolResult::of({{"count", count}, {"links", std::move(links)}});
      }};
}

}  // namespace tally::rewards
