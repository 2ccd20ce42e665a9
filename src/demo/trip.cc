// The demo's books that stay right (issue 20): a checking account reconciled
// against last month's statement, and a week in Lisbon in euros: a EUR card and
// cash, euros bought from checking (a transfer across currencies, through
// Equity:Trading:EUR-USD), a few EUR expenses and a daily EUR/USD price series,
// so valued reports (valuation: {currency: "USD"}) have something to convert.
#include <string>

#include "demo/demo_calls.h"

namespace tally::demo {

namespace {
using mcp::json;
}  // namespace

void add_trip(DemoCalls& call) {
  json context = call("extrack_get_context", json::object());
  std::string checking;
  for (const auto& a : context["accounts"])
    if (a.value("name", "") == "Checking") checking = a["id"].get<std::string>();

  // Reconcile checking against a statement dated 31 days ago: every transaction
  // up to then is on it, so the statement balance is the balance that day.
  const std::string statement = call.day(-31);
  json listed = call("ledger_list_transactions",
                     {{"accountId", checking}, {"endDate", statement}, {"limit", 500}});
  json ids = json::array();
  for (const auto& t : listed["transactions"]) ids.push_back(t["id"]);
  json balance = call("ledger_get_balances", {{"accountIds", {checking}}, {"asOf", statement}});
  call("ledger_reconcile_account",
       {{"accountId", checking},
        {"statementDate", statement},
        {"statementBalance", balance["accounts"][0]["balance"]["amount"]},
        {"transactionIds", ids},
        {"finish", true}});

  const std::string cash = call("ledger_create_account", {{"name", "Euro Cash"},
                                                          {"type", "asset"},
                                                          {"subtype", "cash"},
                                                          {"currency", "EUR"}})["id"]
                               .get<std::string>();
  const std::string card = call("ledger_create_account", {{"name", "Euro Card"},
                                                          {"type", "liability"},
                                                          {"subtype", "credit_card"},
                                                          {"currency", "EUR"}})["id"]
                               .get<std::string>();
  static const char* const kRates[][2] = {{"-23", "1.0812"}, {"-21", "1.0840"}, {"-19", "1.0795"},
                                          {"-16", "1.0768"}, {"-9", "1.0826"},  {"-2", "1.0851"}};
  for (const auto& [offset, rate] : kRates)
    call(
        "ledger_set_price",
        {{"base", "EUR"}, {"quote", "USD"}, {"date", call.day(std::stoi(offset))}, {"rate", rate}});

  auto post = [&](const json& draft) {
    call("extrack_post_transaction_draft", {{"draftId", draft["id"]}});
  };
  post(call("extrack_create_transaction_draft", {{"type", "transfer"},
                                                 {"title", "Euros for Lisbon"},
                                                 {"date", call.day(-22)},
                                                 {"creditAccountId", checking},
                                                 {"debitAccountId", cash},
                                                 {"expenseAmount", "325.50"},
                                                 {"incomeAmount", "300.00"},
                                                 {"tags", {"trip:lisbon"}}}));
  struct Spend {
    int offset;
    const char* title;
    const char* amount;
    const char* category;
    bool on_card;
  };
  static const Spend kSpends[] = {{-21, "Hotel in Alfama", "412.00", "Travel", true},
                                  {-21, "Dinner at Taberna da Rua", "46.80", "Dining", false},
                                  {-20, "Tram pass", "12.90", "Transport", false},
                                  {-19, "Tile museum", "15.00", "Entertainment", false},
                                  {-18, "Pastéis and coffee", "8.45", "Dining", false}};
  for (const auto& s : kSpends)
    post(call("extrack_create_transaction_draft", {{"type", "expense"},
                                                   {"title", s.title},
                                                   {"date", call.day(s.offset)},
                                                   {"accountId", s.on_card ? card : cash},
                                                   {"expenseAmount", s.amount},
                                                   {"categoryName", s.category},
                                                   {"tags", {"trip:lisbon"}}}));
}

}  // namespace tally::demo
