// Budgets through the tool registry (issue 19): "spent" equals the category's
// postings in the month on random ledgers; budget history, rollover and pace;
// bad input is a clear error that writes nothing.
#include <doctest/doctest.h>

#include "random_ledger.h"

using tally::ledger::testing::count_rows;
using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {

std::int64_t minor(const json& money) {
  return money["amountMinor"].get<std::int64_t>();
}

std::int64_t category_postings(TempLedger& l, const std::string& category,
                               const std::string& currency, const std::string& month) {
  SQLite::Statement q(l.db(),
                      "SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN account a ON "
                      "a.seq = p.account_seq "
                      "JOIN category c ON c.id = a.category_id WHERE c.kind = 'expense' AND c.name "
                      "= ? AND a.currency = ? "
                      "AND substr(p.date, 1, 7) = ?");
  q.bind(1, category);
  q.bind(2, currency);
  q.bind(3, month);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

json row_for(const json& report, const std::string& category, const std::string& currency) {
  for (const auto& r : report["budgets"])
    if (r["category"] == category && r["currency"] == currency) return r;
  return nullptr;
}

}  // namespace

TEST_CASE("a budget's spent is the category's postings in the month, on a random ledger") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  random_ledger(l, 4242);
  for (const char* c : {"Food", "Rent", "Uncategorized"})
    for (const char* cur : {"USD", "EUR", "JPY"})
      l.ok(
          "ledger_set_budget",
          json{{"categoryName", c}, {"amount", "1000"}, {"currency", cur}, {"fromMonth", "2026-01"}}
              .dump());
  for (const char* month : {"2026-01", "2026-02", "2026-03"}) {
    json report = l.ok("ledger_get_budget", json{{"month", month}}.dump());
    INFO(report.dump());
    CHECK(report["budgets"].size() == 9);
    for (const auto& r : report["budgets"]) {
      CHECK(minor(r["spent"]) == category_postings(l, r["category"], r["currency"], month));
      CHECK(minor(r["left"]) == minor(r["budget"]) - minor(r["spent"]));
    }
    // Budgeted plus unbudgeted spending is the income statement's expenses.
    json is = l.ok("ledger_income_statement", json{{"period", month}}.dump());
    for (const auto& c : is["currencies"]) {
      for (const auto& t : report["totals"])
        if (t["currency"] == c["currency"])
          CHECK(minor(t["spent"]) + minor(t["unbudgetedSpent"]) == minor(c["expenses"]["total"]));
    }
  }
}

TEST_CASE("budget history, rollover and pace") {
  TempLedger l;  // today is 2026-03-15: half the month is gone
  std::string bank = l.ok("ledger_create_account",
                          R"({"name": "Bank", "type": "asset", "subtype": "bank"})")["id"];
  l.ok("ledger_create_category", R"({"name": "Dining", "kind": "expense"})");
  l.ok("ledger_create_category", R"({"name": "Fun", "kind": "expense"})");
  auto spend = [&](const char* date, const char* amount, const char* category) {
    json d = l.ok("extrack_create_transaction_draft", json{{"type", "expense"},
                                                           {"title", "x"},
                                                           {"date", date},
                                                           {"accountId", bank},
                                                           {"expenseAmount", amount},
                                                           {"categoryName", category}}
                                                          .dump());
    l.ok("extrack_post_transaction_draft", json{{"draftId", d["id"]}}.dump());
  };
  spend("2026-01-10", "150.00", "Dining");
  spend("2026-02-10", "250.00", "Dining");
  spend("2026-03-02", "120.00", "Dining");
  spend("2026-03-03", "10.00", "Fun");

  json set = l.ok(
      "ledger_set_budget",
      R"({"categoryName": "dining", "amount": "200", "fromMonth": "2026-01", "rollover": true})");
  CHECK(set["category"] == "Dining");
  CHECK(set["amount"]["amount"] == "200.00");
  json march = l.ok("ledger_get_budget");
  CHECK(march["month"] == "2026-03");
  CHECK(march["monthElapsed"] == json{{"days", 15}, {"of", 31}});
  json dining = row_for(march, "Dining", "USD");
  CHECK(dining["carriedOver"]["amount"] == "0.00");  // +50 in January, −50 in February
  CHECK(dining["available"]["amount"] == "200.00");
  CHECK(dining["spent"]["amount"] == "120.00");
  CHECK(dining["left"]["amount"] == "80.00");
  CHECK(dining["pace"] == "ahead");  // 60% gone in 48% of the month
  REQUIRE(march["unbudgeted"].size() == 1);
  CHECK(march["unbudgeted"][0] ==
        json{{"category", "Fun"},
             {"spent", {{"amountMinor", 1000}, {"amount", "10.00"}, {"currency", "USD"}}}});

  // From March on, 100 a month without rollover; February keeps its 200.
  l.ok("ledger_set_budget",
       R"({"categoryName": "Dining", "amount": "100", "fromMonth": "2026-03"})");
  dining = row_for(l.ok("ledger_get_budget"), "Dining", "USD");
  CHECK(dining["budget"]["amount"] == "100.00");
  CHECK(dining["left"]["amount"] == "-20.00");
  CHECK(dining["pace"] == "over");
  CHECK(!dining.contains("carriedOver"));
  json feb = row_for(l.ok("ledger_get_budget", R"({"month": "2026-02"})"), "Dining", "USD");
  CHECK(feb["budget"]["amount"] == "200.00");
  CHECK(feb["carriedOver"]["amount"] == "50.00");
  CHECK(feb["left"]["amount"] == "0.00");
  CHECK(feb["pace"] == "on-track");
  CHECK(l.ok("ledger_get_budget", R"({"month": "2025-12"})")["budgets"].empty());

  json del = l.ok("ledger_delete_budget", R"({"categoryName": "Dining"})");
  CHECK(del["deletedMonths"] == 2);
  CHECK(l.ok("ledger_get_budget")["budgets"].empty());
  CHECK(l.error("ledger_delete_budget", R"({"categoryName": "Dining"})") ==
        "Category \"Dining\" has no budget.");
}

TEST_CASE("bad budgets are clear errors and write nothing") {
  TempLedger l;
  l.ok("ledger_create_category", R"({"name": "Dining", "kind": "expense"})");
  std::int64_t accounts = count_rows(l, "account");
  CHECK(l.error("ledger_set_budget",
                R"({"categoryName": "Dining", "amount": "10", "currency": "XYZ"})") ==
        "currency: \"XYZ\" is not an ISO 4217 currency code (for example USD, EUR, JPY)");
  CHECK(l.error("ledger_set_budget", R"({"categoryName": "Dining", "amount": "10.005"})") ==
        "amount: \"10.005\" has 3 decimals; USD allows 2");
  CHECK(l.error("ledger_set_budget", R"({"categoryName": "Dining", "amount": "0"})") ==
        "amount: must be greater than 0 (got \"0\")");
  CHECK(l.error("ledger_set_budget",
                R"({"categoryName": "Dining", "amount": "10", "fromMonth": "2026-13"})") ==
        "fromMonth: \"2026-13\" is not a month (expected YYYY-MM, 1900-01 to 2199-12)");
  CHECK(l.error("ledger_set_budget", R"({"categoryName": "Dinner", "amount": "10"})")
            .rfind("Category not found: categoryName \"Dinner\" matches no expense category", 0) ==
        0);
  CHECK(l.error("ledger_get_budget", R"({"month": "Mar-026"})") ==
        "month: \"Mar-026\" is not a month (expected YYYY-MM, 1900-01 to 2199-12)");
  CHECK(count_rows(l, "budget") == 0);
  CHECK(count_rows(l, "account") == accounts);
  // A budget in another currency makes the category's account in it.
  l.ok("ledger_set_budget", R"({"categoryName": "Dining", "amount": "1000", "currency": "JPY"})");
  CHECK(count_rows(l, "account") == accounts + 1);
}
