// The ledger part of the demo: three months of personal spending on the
// default accounts, a split dinner, concert tickets shared with friends, money
// lent to Sam and partly repaid, tags and payees on the shared bills, monthly
// budgets, a monthly rent schedule, and one draft left for the user to post.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <tuple>

#include "demo/demo_calls.h"
#include "ledger/attachment_content.h"

namespace tally::demo {

namespace {
constexpr const char* kNopaReceipt =
    "NOPA\n560 Divisadero St, San Francisco\n\nDinner for 3           126.00\nTotal USD              126.00\n"
    "Paid by card. Thank you!\n";
}  // namespace

namespace {
using mcp::json;

std::string id_named(const json& list, const std::string& name) {
  for (const auto& item : list)
    if (item.value("name", "") == name) return item["id"].get<std::string>();
  throw std::runtime_error("demo data: no account named " + name);
}
}  // namespace

void add_personal(DemoCalls& call) {
  json context = call("extrack_get_context", json::object());
  const std::string checking = id_named(context["accounts"], "Checking");
  const std::string savings = id_named(context["accounts"], "Savings");
  const std::string card = id_named(context["accounts"], "Credit Card");
  const std::string alice = call("ledger_create_person", {{"name", "Alice"}})["id"].get<std::string>();
  const std::string bob = call("ledger_create_person", {{"name", "Bob"}})["id"].get<std::string>();
  const std::string sam = call("ledger_create_person", {{"name", "Sam"}})["id"].get<std::string>();

  auto post = [&](const json& draft) { call("extrack_post_transaction_draft", {{"draftId", draft["id"]}}); };
  auto expense = [&](int offset, const char* title, const char* amount, const char* category, const std::string& from) {
    post(call("extrack_create_transaction_draft", {{"type", "expense"}, {"title", title}, {"date", call.day(offset)},
                                                   {"accountId", from}, {"expenseAmount", amount},
                                                   {"categoryName", category}}));
  };

  // Three months, oldest first: pay day, rent, bills, groceries, a night out.
  static const char* const kGroceries[][2] = {{"84.37", "112.90"}, {"97.15", "68.42"}, {"121.08", "74.60"}};
  for (int month = 2; month >= 0; --month) {
    const int base = -30 * month;
    post(call("extrack_create_transaction_draft",
              {{"type", "income"}, {"title", "Salary"}, {"date", call.day(base - 28)}, {"accountId", checking},
               {"incomeAmount", "4200.00"}, {"categoryName", "Salary"}}));
    expense(base - 27, "Rent", "1650.00", "Housing", checking);
    expense(base - 24, "Electricity and internet", month == 1 ? "131.75" : "96.40", "Utilities", checking);
    expense(base - 20, "Groceries at Trader Joe's", kGroceries[month][0], "Groceries", card);
    expense(base - 9, "Groceries at Safeway", kGroceries[month][1], "Groceries", card);
    expense(base - 15, "Monthly transit pass", "98.00", "Transport", card);
    expense(base - 6, month == 0 ? "Sushi with Alice" : "Pizza night", month == 0 ? "64.20" : "38.50", "Dining", card);
  }
  post(call("extrack_create_transaction_draft", {{"type", "transfer"}, {"title", "Move to savings"},
                                                 {"date", call.day(-25)}, {"debitAccountId", savings},
                                                 {"creditAccountId", checking}, {"expenseAmount", "500.00"}}));

  // Splits: a dinner split evenly three ways, concert tickets paid for two friends.
  const json dinner = call("extrack_create_split_expense_draft",
                           {{"title", "Dinner at Nopa"}, {"date", call.day(-12)}, {"accountId", card},
                            {"totalAmount", "126.00"}, {"splitEvenly", {{"personIds", {alice, bob}}}},
                            {"categoryName", "Dining"}, {"payee", "Nopa"}, {"tags", {"friends"}}});
  // Its receipt (issue 21), attached to the draft by content as an assistant would; it
  // stays with the transaction the draft posts as.
  call("ledger_attach_file", {{"draftId", dinner["id"]},
                              {"fileName", "nopa-receipt.txt"},
                              {"contentBase64", ledger::base64_encode(kNopaReceipt)}});
  post(dinner);
  post(call("extrack_create_split_expense_draft",
            {{"title", "Concert tickets"}, {"date", call.day(-40)}, {"accountId", card}, {"totalAmount", "180.00"},
             {"allocations", {{{"personId", alice}, {"amount", "60.00"}}, {{"personId", sam}, {"amount", "60.00"}}}},
             {"categoryName", "Entertainment"}, {"payee", "Ticketmaster"}, {"tags", {"friends", "music"}}}));

  // A loan to Sam, partly paid back, and Bob settling his share of dinner.
  post(call("extrack_create_lend_money_draft", {{"personId", sam}, {"accountId", checking}, {"amount", "200.00"},
                                                {"date", call.day(-45)}, {"title", "Loan for Sam's deposit"}}));
  post(call("extrack_create_repayment_draft",
            {{"personId", sam}, {"accountId", checking}, {"amount", "80.00"}, {"date", call.day(-10)}}));
  post(call("extrack_create_repayment_draft",
            {{"personId", bob}, {"accountId", checking}, {"amount", "42.00"}, {"date", call.day(-8)}}));

  // Monthly budgets since two months ago, so "am I on budget?" has an answer;
  // Dining rolls over what a month leaves.
  const std::string from = call.day(-60).substr(0, 7);
  for (const auto& [category, amount, rollover] :
       {std::tuple{"Groceries", "250.00", false}, {"Dining", "120.00", true}, {"Transport", "100.00", false},
        {"Utilities", "120.00", false}})
    call("ledger_set_budget",
         {{"categoryName", category}, {"amount", amount}, {"fromMonth", from}, {"rollover", rollover}});

  // Rent as a recurring transaction (issue 20), from the 1st of next month: a
  // draft to confirm each month, and "bills due in the next 30 days" has one.
  const std::string today = call.day(0);
  int year = std::stoi(today.substr(0, 4)), month = std::stoi(today.substr(5, 2)) + 1;
  if (month == 13) year += 1, month = 1;
  char first_of_next[32];
  std::snprintf(first_of_next, sizeof first_of_next, "%04d-%02d-01", year, month);
  call("ledger_create_schedule",
       {{"template",
         {{"tool", "extrack_create_transaction_draft"},
          {"arguments",
           {{"type", "expense"}, {"title", "Rent"}, {"accountId", checking}, {"expenseAmount", "1650.00"},
            {"categoryName", "Housing"}, {"payee", "Bayview Properties"}}}}},
        {"every", "month"},
        {"startDate", first_of_next},
        {"dayOfMonth", 1}});

  // Staged, not posted: what an assistant would ask the user to confirm.
  call("extrack_create_transaction_draft", {{"type", "expense"}, {"title", "Taxi to the airport"},
                                            {"date", call.day(-1)}, {"accountId", card}, {"expenseAmount", "38.50"},
                                            {"categoryName", "Transport"}});
}

}  // namespace tally::demo
