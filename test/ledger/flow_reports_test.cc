// Spending-by and cash flow through the tool registry (issue 19): on random
// ledgers, every grouping's total (top N plus other) equals the income
// statement's expenses, and the cash flow's net equals the change in the
// cash-like accounts read straight from the postings.
#include <doctest/doctest.h>

#include <map>

#include "random_ledger.h"
#include "util/calendar.h"

using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {

std::int64_t minor(const json& money) {
  return money["amountMinor"].get<std::int64_t>();
}

// Σ postings of cash-like accounts dated in [from, to], per currency.
std::map<std::string, std::int64_t> cash_change(TempLedger& l, const std::string& from,
                                                const std::string& to) {
  SQLite::Statement q(l.db(),
                      "SELECT p.currency, sum(p.amount_minor) FROM posting p JOIN account a ON "
                      "a.seq = p.account_seq "
                      "WHERE a.subtype IN ('bank', 'cash', 'wallet', 'savings', 'credit_card') "
                      "AND p.date BETWEEN ? AND ? GROUP BY p.currency");
  q.bind(1, from);
  q.bind(2, to);
  std::map<std::string, std::int64_t> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

}  // namespace

TEST_CASE("spending-by sums and cash flow agree with the income statement and the postings") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  random_ledger(l, 777);
  for (json range :
       {json{{"period", "2026-01"}}, json{{"period", "2026-Q1"}}, json{{"period", "ytd"}},
        json{{"startDate", "2026-01-14"}, {"endDate", "2026-03-12"}}}) {
    json is = l.ok("ledger_income_statement", range.dump());
    std::map<std::string, std::int64_t> expenses;
    for (const auto& c : is["currencies"]) expenses[c["currency"]] = minor(c["expenses"]["total"]);
    for (const char* group_by : {"category", "payee", "account"}) {
      for (int limit : {1, 3, 100}) {
        json args = range;
        args["groupBy"] = group_by;
        args["limit"] = limit;
        args["perMonth"] = true;
        json sb = l.ok("ledger_spending_by", args.dump());
        INFO(args.dump() << " → " << sb.dump());
        std::map<std::string, std::int64_t> seen;
        for (const auto& c : sb["currencies"]) {
          std::int64_t sum = 0;
          CHECK(c["groups"].size() <= static_cast<std::size_t>(limit));
          for (const auto& g : c["groups"]) {
            sum += minor(g["amount"]);
            std::int64_t months = 0;
            for (const auto& m : g["months"]) months += minor(m["amount"]);
            CHECK(months == minor(g["amount"]));
          }
          if (c.contains("other")) sum += minor(c["other"]["amount"]);
          CHECK(sum == minor(c["total"]));
          seen[c["currency"]] = minor(c["total"]);
        }
        for (const auto& [code, v] : expenses) CHECK(seen[code] == v);
        for (const auto& [code, v] : seen) CHECK(expenses[code] == v);
      }
    }
    for (const char* group_by : {"tag", "person"}) {  // overlapping groups: the total is still the expenses
      json args = range;
      args["groupBy"] = group_by;
      json sb = l.ok("ledger_spending_by", args.dump());
      for (const auto& c : sb["currencies"]) CHECK(minor(c["total"]) == expenses[c["currency"]]);
    }
    json cf = l.ok("ledger_cash_flow", range.dump());
    INFO(range.dump() << " → " << cf.dump());
    auto expected = cash_change(l, cf["period"]["startDate"], cf["period"]["endDate"]);
    std::map<std::string, std::int64_t> seen;
    for (const auto& c : cf["currencies"]) {
      CHECK(minor(c["net"]) == minor(c["moneyIn"]) - minor(c["moneyOut"]));
      std::int64_t months = 0, categories = 0;
      for (const auto& m : c["months"]) months += minor(m["net"]);
      for (const auto& g : c["categories"]) categories += minor(g["net"]);
      CHECK(months == minor(c["net"]));
      CHECK(categories == minor(c["net"]));
      seen[c["currency"]] = minor(c["net"]);
    }
    for (const auto& [code, v] : expected) CHECK(seen[code] == v);
  }
}

TEST_CASE("top payees with the rest as other; transfers are no cash flow") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account",
                          R"({"name": "Bank", "type": "asset", "subtype": "bank"})")["id"];
  std::string savings = l.ok("ledger_create_account",
                             R"({"name": "Savings", "type": "asset", "subtype": "savings"})")["id"];
  l.ok("ledger_create_category", R"({"name": "Dining", "kind": "expense"})");
  auto post = [&](json args) {
    json d = l.ok("extrack_create_transaction_draft", args.dump());
    l.ok("extrack_post_transaction_draft", json{{"draftId", d["id"]}}.dump());
  };
  const char* payees[][2] = {{"Nopa", "60.00"},
                             {"Zuni", "45.00"},
                             {"Nopa", "30.00"},
                             {"Tacos", "12.50"},
                             {"Cafe", "4.25"}};
  int day = 1;
  for (const auto& p : payees)
    post({{"type", "expense"},
          {"title", p[0]},
          {"date", "2026-02-0" + std::to_string(day++)},
          {"accountId", bank},
          {"expenseAmount", p[1]},
          {"categoryName", "Dining"}});
  post({{"type", "transfer"},
        {"title", "Save"},
        {"date", "2026-02-10"},
        {"debitAccountId", savings},
        {"creditAccountId", bank},
        {"expenseAmount", "500.00"}});

  json sb =
      l.ok("ledger_spending_by", R"({"groupBy": "payee", "period": "last-month", "limit": 2})");
  json usd = sb["currencies"][0];
  CHECK(usd["total"]["amount"] == "151.75");
  REQUIRE(usd["groups"].size() == 2);
  CHECK(usd["groups"][0]["name"] == "Nopa");
  CHECK(usd["groups"][0]["amount"]["amount"] == "90.00");
  CHECK(usd["groups"][1]["name"] == "Zuni");
  CHECK(usd["other"]["groups"] == 2);
  CHECK(usd["other"]["amount"]["amount"] == "16.75");
  json by_account = l.ok("ledger_spending_by", R"({"groupBy": "account", "period": "2026-02"})");
  CHECK(by_account["currencies"][0]["groups"][0]["name"] == "Bank");

  json cf = l.ok("ledger_cash_flow", R"({"period": "2026-02"})");
  json c = cf["currencies"][0];
  CHECK(c["moneyOut"]["amount"] == "151.75");  // the 500.00 to savings stays inside
  CHECK(c["moneyIn"]["amount"] == "0.00");
  REQUIRE(c["categories"].size() == 1);
  CHECK(c["categories"][0]["category"] == "Dining");
  CHECK(l.error("ledger_spending_by", R"({"groupBy": "mood"})").rfind("groupBy:", 0) == 0);
}
