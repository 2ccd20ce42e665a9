#include "ledger/prompts.h"

#include "ledger/period.h"

namespace tally::ledger {

using mcp::json;

namespace {

std::string arg(const json& a, const char* name, const std::string& fallback) {
  auto it = a.find(name);
  return it != a.end() && it->is_string() && !it->get<std::string>().empty()
             ? it->get<std::string>()
             : fallback;
}

std::vector<std::string> starting_with(std::vector<std::string> all, const std::string& prefix) {
  std::erase_if(all, [&](const std::string& v) { return v.rfind(prefix, 0) != 0; });
  return all;
}

mcp::PromptArgument period_argument(const char* fallback) {
  return {.name = "period",
          .description = std::string(kPeriodForms) + "; default " + fallback,
          .complete = [](const std::string& value, const json&, mcp::CallContext&) {
            return starting_with({"this-month", "last-month", "ytd", "last-12-months"}, value);
          }};
}

const std::string kRules =
    "\nAll amounts are exact; quote them as the tools give them, per currency, never summed across "
    "currencies.";

json budget_check(const json& a, bool read_only) {
  std::string month = arg(a, "month", "");
  std::string args = month.empty() ? "{}" : "{month: \"" + month + "\"}";
  return mcp::user_text_prompt(
      "Budget check",
      "Am I on budget" + (month.empty() ? std::string(" this month") : " in " + month) +
          "?\n"
          "1. ledger_get_budget " +
          args +
          ": each budget's spent, left and pace.\n"
          "2. For each budget that is `ahead` or `over`, ledger_search_transactions "
          "{categoryName, startDate, endDate} for that month: the largest transactions behind "
          "it.\n"
          "3. Mention the unbudgeted spending. " +
          (read_only ? std::string("If there are no budgets, say so.")
                     : std::string("If there are no budgets, offer to set some with "
                                   "ledger_set_budget (ask for the amounts; do not invent "
                                   "them).")) +
          kRules);
}

}  // namespace

std::vector<mcp::PromptSpec> prompts() {
  std::vector<mcp::PromptSpec> p;
  p.push_back({.name = "monthly_review",
               .title = "Monthly review",
               .description = "How last month went: income, spending, budgets, net worth",
               .arguments = {{.name = "month", .description = "YYYY-MM; default last month"}},
               .handler = [](const json& a, mcp::CallContext&) {
                 std::string month = arg(a, "month", "last-month");
                 return mcp::user_text_prompt(
                     "Monthly review of " + month,
                     "Review my finances for " + month +
                         ".\n"
                         "1. ledger_income_statement {period: \"" +
                         month +
                         "\", compareTo: \"previous-period\"}: "
                         "income, spending by category and net income, with the change from the "
                         "month before.\n"
                         "2. ledger_get_budget {month}: which budgets were kept, which ran over, "
                         "and the unbudgeted "
                         "spending.\n"
                         "3. ledger_spending_by {groupBy: \"payee\", period: \"" +
                         month +
                         "\", limit: 5}: the top payees.\n"
                         "4. ledger_net_worth_series {months: 12}: where net worth stands and how "
                         "it moved.\n"
                         "Finish with three short observations and one suggestion." +
                         kRules);
               }});
  p.push_back({.name = "where_did_my_money_go",
               .title = "Where did my money go?",
               .description = "Spending for a period by category and payee, and the cash that left",
               .arguments = {period_argument("last-month")},
               .handler = [](const json& a, mcp::CallContext&) {
                 std::string period = arg(a, "period", "last-month");
                 return mcp::user_text_prompt(
                     "Where the money went (" + period + ")",
                     "Where did my money go (" + period +
                         ")?\n"
                         "1. ledger_spending_by {groupBy: \"category\", period: \"" +
                         period +
                         "\", limit: 8}.\n"
                         "2. ledger_spending_by {groupBy: \"payee\", period: \"" +
                         period +
                         "\", limit: 8}.\n"
                         "3. ledger_cash_flow {period: \"" +
                         period +
                         "\"}: money in and out of my accounts.\n"
                         "Transfers between my own accounts and money lent are not spending; say "
                         "so if I ask about "
                         "them. Answer with the biggest categories and payees first." +
                         kRules);
               }});
  p.push_back({.name = "budget_check",
               .title = "Am I on budget?",
               .description = "This month's budgets: spent, left and pace",
               .arguments = {{.name = "month", .description = "YYYY-MM; default this month"}},
               .handler = [](const json& a, mcp::CallContext&) { return budget_check(a, false); },
               // It offers ledger_set_budget; a read-only caller gets the check alone.
               .writes = true,
               .read_only_handler = [](const json& a,
                                       mcp::CallContext&) { return budget_check(a, true); }});
  p.push_back({.name = "split_a_bill",
               .title = "Split a bill",
               .description = "Record a shared bill and what each friend owes",
               .arguments = {{.name = "description",
                              .description = "what it was, e.g. Dinner at Nopa",
                              .required = true},
                             {.name = "amount",
                              .description = "the whole bill, e.g. 126.00",
                              .required = true},
                             {.name = "people",
                              .description = "who shared it, e.g. Alice and Bob",
                              .required = true}},
               .handler =
                   [](const json& a, mcp::CallContext&) {
                     return mcp::user_text_prompt(
                         "Split a bill",
                         "Split \"" + arg(a, "description", "") + "\" (" + arg(a, "amount", "") +
                             ") with " + arg(a, "people", "") +
                             ".\n"
                             "1. extrack_get_context: find the paying account, the people and the "
                             "category; ask me "
                             "when more than one could match, and add missing people with "
                             "ledger_create_person only "
                             "after I agree.\n"
                             "2. extrack_create_split_expense_draft with splitEvenly {personIds, "
                             "includeMe: true} (or "
                             "allocations if I gave amounts), the date, categoryName and payee.\n"
                             "3. Show me the draft (each share and mine) and post it with "
                             "extrack_post_transaction_draft only when I confirm.");
                   },
               .writes = true});  // drafts and posts: never offered to a read-only caller
  p.push_back({.name = "who_owes_me",
               .title = "Who owes me?",
               .description = "What each person owes you, and from what",
               .handler = [](const json&, mcp::CallContext&) {
                 return mcp::user_text_prompt(
                     "Who owes me",
                     "Who owes me money?\n"
                     "1. extrack_get_context: each person with what they owe (their Lent balance "
                     "per currency).\n"
                     "2. For each person who owes something, ledger_list_transactions {personId, "
                     "limit: 10}: the "
                     "splits, loans and repayments behind it.\n"
                     "A negative balance means I owe them. List the largest first." +
                         kRules);
               }});
  return p;
}

}  // namespace tally::ledger
