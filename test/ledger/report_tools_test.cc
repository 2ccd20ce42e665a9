// The reports through the tool registry on real ledger files (issue 19): the
// income statement equals the change in retained earnings, the balance sheet
// balances per currency on every day, the net-worth series ends at the balance
// sheet, all on random ledgers from the property test's generator; transfers,
// lending and others' shares never count as income or spending; bad periods
// are clear errors.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "random_ledger.h"
#include "util/calendar.h"

using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {

std::int64_t minor(const json& money) {
  return money["amountMinor"].get<std::int64_t>();
}

// currency → the block of a report's `currencies` array
std::map<std::string, json> by_currency(const json& report) {
  std::map<std::string, json> out;
  for (const auto& c : report["currencies"]) out[c["currency"]] = c;
  return out;
}

// Σ income − Σ expenses per currency over [from, to], straight from the postings.
std::map<std::string, std::int64_t> net_income_from_postings(TempLedger& l, const std::string& from,
                                                             const std::string& to) {
  SQLite::Statement q(
      l.db(),
      "SELECT p.currency, -sum(p.amount_minor) FROM posting p JOIN account a ON a.seq = "
      "p.account_seq "
      "WHERE a.type IN ('income', 'expense') AND p.date BETWEEN ? AND ? GROUP BY p.currency");
  q.bind(1, from);
  q.bind(2, to);
  std::map<std::string, std::int64_t> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

std::int64_t retained(const json& sheet_currency) {
  return minor(sheet_currency["equity"]["retainedEarnings"]);
}

std::string post(TempLedger& l, const std::string& tool, json args) {
  json d = l.ok(tool, args.dump());
  return l.ok("extrack_post_transaction_draft", json{{"draftId", d["id"]}}.dump())["transactionId"];
}

}  // namespace

TEST_CASE("reports agree with each other and with the postings on a random ledger") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  auto r = random_ledger(l, 20261904);
  REQUIRE(r.transactions.size() > 100);

  // The balance sheet balances per currency on every day, before, through and after the activity.
  std::map<std::string, json> sheets;  // date → by currency
  for (std::string d = "2025-12-31"; d <= "2026-04-01"; d = tally::util::add_days(d, 1)) {
    json bs = l.ok("ledger_balance_sheet", json{{"asOf", d}}.dump());
    CHECK(bs["asOf"] == d);
    json per = json::object();
    for (const auto& c : bs["currencies"]) {
      INFO(d << " " << c.dump());
      std::int64_t assets = minor(c["assets"]["total"]),
                   liabilities = minor(c["liabilities"]["total"]),
                   equity = minor(c["equity"]["total"]);
      CHECK(assets == liabilities + equity);
      CHECK(c["balanced"].get<bool>());
      CHECK(minor(c["netWorth"]) == assets - liabilities);
      per[c["currency"].get<std::string>()] = c;
    }
    sheets[d] = per;
  }

  // The income statement's net income equals the change in retained earnings (and the postings).
  struct Range {
    json args;
    std::string from, to;
  };
  std::vector<Range> ranges = {
      {{{"period", "2026-01"}}, "2026-01-01", "2026-01-31"},
      {{{"period", "2026-02"}}, "2026-02-01", "2026-02-28"},
      {{{"period", "this-month"}}, "2026-03-01", "2026-03-31"},
      {{{"period", "last-month"}}, "2026-02-01", "2026-02-28"},
      {{{"period", "2026-Q1"}}, "2026-01-01", "2026-03-31"},
      {{{"period", "ytd"}}, "2026-01-01", "2026-03-15"},
      {{{"period", "2026"}}, "2026-01-01", "2026-12-31"},
      {{{"startDate", "2026-01-12"}, {"endDate", "2026-02-17"}}, "2026-01-12", "2026-02-17"},
      {{{"startDate", "2026-02-13"}, {"endDate", "2026-02-16"}}, "2026-02-13", "2026-02-16"},
      {{{"startDate", "2026-01-01"}, {"endDate", "2026-03-14"}}, "2026-01-01", "2026-03-14"},
  };
  for (const auto& range : ranges) {
    json is = l.ok("ledger_income_statement", range.args.dump());
    INFO(range.args.dump() << " → " << is.dump());
    CHECK(is["period"]["startDate"] == range.from);
    CHECK(is["period"]["endDate"] == range.to);
    CHECK(is["basis"] == "accrual");
    auto expected = net_income_from_postings(l, range.from, range.to);
    std::string before = tally::util::add_days(range.from, -1);
    std::string end = range.to <= "2026-04-01" ? range.to : "2026-04-01";  // nothing is dated later
    std::set<std::string> seen;
    for (const auto& c : is["currencies"]) {
      std::string code = c["currency"];
      seen.insert(code);
      std::int64_t income = minor(c["income"]["total"]), expenses = minor(c["expenses"]["total"]);
      CHECK(minor(c["netIncome"]) == income - expenses);
      CHECK(minor(c["netIncome"]) == expected[code]);
      std::int64_t start_retained =
          sheets[before].contains(code) ? retained(sheets[before][code]) : 0;
      std::int64_t end_retained = sheets[end].contains(code) ? retained(sheets[end][code]) : 0;
      CHECK(minor(c["netIncome"]) == end_retained - start_retained);
      std::int64_t sum = 0;
      for (const auto& line : c["expenses"]["categories"]) sum += minor(line["amount"]);
      CHECK(sum == expenses);
    }
    for (const auto& [code, v] : expected)
      if (v != 0) CHECK(seen.count(code));
  }

  // Every transaction here moves money through a bank, card, wallet or savings account, so the
  // cash basis sees exactly what the accrual basis sees.
  for (const char* period : {"2026-01", "2026-Q1", "ytd"}) {
    json accrual = l.ok("ledger_income_statement", json{{"period", period}}.dump());
    json cash = l.ok("ledger_income_statement", json{{"period", period}, {"basis", "cash"}}.dump());
    CHECK(cash["basis"] == "cash");
    CHECK(cash["currencies"] == accrual["currencies"]);
    json spent = l.ok("ledger_spending_by",
                      json{{"period", period}, {"basis", "cash"}, {"groupBy", "payee"}}.dump());
    for (const auto& c : spent["currencies"])
      for (const auto& ac : accrual["currencies"])
        if (ac["currency"] == c["currency"]) CHECK(c["total"] == ac["expenses"]["total"]);
  }

  // The net-worth series' month ends match the balance sheets, and its last point is today's sheet.
  json series = l.ok("ledger_net_worth_series", R"({"months": 4})");
  REQUIRE(series["points"].size() == 4);
  CHECK(series["points"][0]["month"] == "2025-12");
  CHECK(series["points"][3]["date"] == "2026-03-15");
  for (const auto& point : series["points"]) {
    std::string date = point["date"];
    INFO(point.dump());
    for (const auto& c : point["currencies"]) {
      std::string code = c["currency"];
      std::int64_t expected =
          sheets[date].contains(code) ? minor(sheets[date][code]["netWorth"]) : 0;
      CHECK(minor(c["netWorth"]) == expected);
    }
  }
  json today = l.ok("ledger_balance_sheet");
  CHECK(today["asOf"] == "2026-03-15");
  auto last = by_currency(json{{"currencies", series["points"][3]["currencies"]}});
  for (const auto& c : today["currencies"])
    CHECK(minor(last[c["currency"]]["netWorth"]) == minor(c["netWorth"]));
}

TEST_CASE("transfers, lending, repayments and others' shares are neither income nor spending") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account",
                          R"({"name": "Bank", "type": "asset", "subtype": "bank"})")["id"];
  std::string savings = l.ok("ledger_create_account",
                             R"({"name": "Savings", "type": "asset", "subtype": "savings"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name": "Alice"})")["id"];
  l.ok("ledger_create_category", R"({"name": "Dining", "kind": "expense"})");
  l.ok("ledger_create_category", R"({"name": "Salary", "kind": "income"})");
  post(l, "extrack_create_transaction_draft",
       {{"type", "income"},
        {"title", "Pay"},
        {"date", "2026-02-01"},
        {"accountId", bank},
        {"incomeAmount", "3000.00"},
        {"categoryName", "Salary"}});
  post(l, "extrack_create_transaction_draft",
       {{"type", "transfer"},
        {"title", "To savings"},
        {"date", "2026-02-02"},
        {"debitAccountId", savings},
        {"creditAccountId", bank},
        {"expenseAmount", "1000.00"}});
  post(l, "extrack_create_lend_money_draft",
       {{"personId", alice}, {"accountId", bank}, {"amount", "200.00"}, {"date", "2026-02-03"}});
  post(l, "extrack_create_repayment_draft",
       {{"personId", alice}, {"accountId", bank}, {"amount", "50.00"}, {"date", "2026-02-04"}});
  post(l, "extrack_create_split_expense_draft",
       {{"title", "Dinner"},
        {"date", "2026-02-05"},
        {"accountId", bank},
        {"totalAmount", "90.00"},
        {"categoryName", "Dining"},
        {"splitEvenly", {{"personIds", {alice}}, {"includeMe", true}}}});

  json is = l.ok("ledger_income_statement", R"({"period": "last-month"})");
  REQUIRE(is["currencies"].size() == 1);
  json usd = is["currencies"][0];
  CHECK(usd["income"]["total"]["amount"] == "3000.00");
  CHECK(usd["expenses"]["total"]["amount"] == "45.00");  // my half of the dinner only
  REQUIRE(usd["expenses"]["categories"].size() == 1);
  CHECK(usd["expenses"]["categories"][0]["category"] == "Dining");
  CHECK(usd["netIncome"]["amount"] == "2955.00");
  std::set<std::string> excluded;
  for (const auto& e : is["excluded"]) excluded.insert(e["what"]);
  CHECK(excluded.count("transfers"));
  CHECK(excluded.count("lending and repayments"));

  json by_person = l.ok("ledger_spending_by", R"({"groupBy": "person", "period": "last-month"})");
  REQUIRE(by_person["currencies"][0]["groups"].size() == 1);
  CHECK(by_person["currencies"][0]["groups"][0]["name"] ==
        "Alice");  // my half of the dinner she shared
  CHECK(by_person["currencies"][0]["groups"][0]["amount"]["amount"] == "45.00");

  json bs = l.ok("ledger_balance_sheet");
  json c = bs["currencies"][0];
  CHECK(c["netWorth"]["amount"] ==
        "2955.00");  // 1000 in savings, 195 owed by Alice, the rest in the bank
  CHECK(c["assets"]["accounts"].size() == 3);
  CHECK(c["equity"]["retainedEarnings"]["amount"] == "2955.00");

  json cmp =
      l.ok("ledger_income_statement", R"({"period": "2026-02", "compareTo": "previous-period"})");
  CHECK(cmp["comparison"]["startDate"] == "2026-01-01");
  CHECK(cmp["comparison"]["endDate"] == "2026-01-31");
  json dining = cmp["currencies"][0]["expenses"]["categories"][0];
  CHECK(dining["previous"]["amount"] == "0.00");
  CHECK(dining["change"]["amount"] == "45.00");
  json yoy =
      l.ok("ledger_income_statement", R"({"period": "2026-Q1", "compareTo": "year-earlier"})");
  CHECK(yoy["comparison"]["startDate"] == "2025-01-01");
  CHECK(yoy["comparison"]["endDate"] == "2025-03-31");
  CHECK(yoy["currencies"][0]["previousNetIncome"]["amount"] == "0.00");
}

TEST_CASE("report periods that make no sense are clear errors") {
  TempLedger l;
  CHECK(l.error("ledger_income_statement",
                R"({"startDate": "2026-03-02", "endDate": "2026-03-01"})") ==
        "endDate (2026-03-01) is before startDate (2026-03-02)");
  CHECK(l.error("ledger_income_statement", R"({"startDate": "2026-04-01"})") ==
        "endDate (today, 2026-03-15) is before startDate (2026-04-01)");
  CHECK(l.error("ledger_income_statement", R"({"period": "last-week"})") ==
        "period: \"last-week\" is not a period (expected this-month, last-month, ytd, "
        "last-12-months, YYYY, "
        "YYYY-MM or YYYY-Qn)");
  CHECK(l.error("ledger_income_statement", R"({"period": "2026-03", "startDate": "2026-03-01"})") ==
        "Give either period or startDate/endDate, not both.");
  CHECK(l.error("ledger_income_statement", R"({"endDate": "2026-03-01"})") ==
        "endDate needs a startDate (or use period).");
  CHECK(l.error("ledger_income_statement", R"({"startDate": "2026-02-30"})") ==
        "startDate: \"2026-02-30\" is not a real calendar date (expected YYYY-MM-DD)");
  CHECK(l.error("ledger_net_worth_series", R"({"months": 121})") ==
        "months: must be at most 120 (got 121)");
  json empty = l.ok("ledger_income_statement");
  CHECK(empty["period"]["label"] == "this-month");
  CHECK(empty["currencies"].empty());
}

TEST_CASE("reports, budgets, tags and search see only their own workspace") {
  TempLedger l;
  auto other = l.open("other");
  auto on_other = [&](const std::string& tool, const json& args) {
    json r = TempLedger::call_on(*other, tool, args.dump());
    REQUIRE(!r.value("isError", false));
    return r["structuredContent"];
  };
  std::string bank = on_other("ledger_create_account",
                              {{"name", "Bank"}, {"type", "asset"}, {"subtype", "bank"}})["id"];
  json d = on_other("extrack_create_transaction_draft", {{"type", "income"},
                                                         {"title", "Secret bonus"},
                                                         {"date", "2026-03-01"},
                                                         {"accountId", bank},
                                                         {"incomeAmount", "999.00"},
                                                         {"tags", {"secret"}}});
  std::string txn =
      on_other("extrack_post_transaction_draft", {{"draftId", d["id"]}})["transactionId"];
  on_other("ledger_create_category", {{"name", "Hidden"}, {"kind", "expense"}});

  CHECK(l.ok("ledger_income_statement")["currencies"].empty());
  CHECK(l.ok("ledger_balance_sheet")["currencies"].empty());
  CHECK(l.ok("ledger_cash_flow")["currencies"].empty());
  CHECK(l.ok("ledger_spending_by", R"({"groupBy": "payee"})")["currencies"].empty());
  CHECK(l.ok("ledger_search_transactions", R"({"query": "secret bonus"})")["total"] == 0);
  CHECK(l.ok("ledger_search_transactions", R"({"tag": "secret"})")["total"] == 0);
  CHECK(l.error("ledger_tag_transaction", json{{"transactionId", txn}, {"tag", "mine"}}.dump()) ==
        "Transaction not found: transactionId \"" + txn + "\"");
  CHECK(l.error("ledger_set_budget", R"({"categoryName": "Hidden", "amount": "10"})")
            .rfind("Category not found: categoryName \"Hidden\"", 0) == 0);
  CHECK(on_other("ledger_income_statement",
                 json::object())["currencies"][0]["netIncome"]["amount"] == "999.00");
}
