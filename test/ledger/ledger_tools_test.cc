// The ledger_* tools and the draft list: keyset pages, voids, closing,
// balances as of a date, and Unicode-aware name matching.
#include <doctest/doctest.h>

#include <set>

#include "ledger/doctor.h"
#include "test_fixture.h"

using tally::mcp::json;
using tally::ledger::testing::TempLedger;

namespace {

struct Books {
  std::string bank, card, alice;
};

Books setup(TempLedger& l) {
  l.db().exec("PRAGMA synchronous=OFF");
  Books b;
  b.bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset","subtype":"bank"})")["id"];
  b.card = l.ok("ledger_create_account", R"({"name":"Card","type":"liability","subtype":"credit_card"})")["id"];
  b.alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  return b;
}

std::string post_expense(TempLedger& l, const std::string& account, const std::string& date, const std::string& amount,
                         const std::string& title = "Lunch") {
  json d = l.ok("extrack_create_transaction_draft", json{{"type", "expense"}, {"title", title}, {"date", date},
                                                         {"accountId", account}, {"expenseAmount", amount}}.dump());
  return l.ok("extrack_post_transaction_draft", json{{"draftId", d["id"]}}.dump())["transactionId"];
}

}  // namespace

TEST_CASE("ledger_list_transactions pages newest first, each transaction once") {
  TempLedger l;
  Books b = setup(l);
  std::vector<std::string> ids;
  for (int i = 0; i < 23; ++i)
    ids.push_back(post_expense(l, i % 2 ? b.bank : b.card, "2026-03-" + std::string(i % 5 < 1 ? "0" : "1") +
                                                               std::to_string(i % 5 + 1), "1.00"));
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  std::string last_date = "9999-12-31";
  int pages = 0;
  do {
    json args{{"limit", 5}};
    if (cursor) args["cursor"] = *cursor;
    json page = l.ok("ledger_list_transactions", args.dump());
    CHECK(page["total"] == 23);
    for (const auto& t : page["transactions"]) {
      CHECK(t["date"].get<std::string>() <= last_date);
      last_date = t["date"];
      seen.push_back(t["id"]);
    }
    cursor = page.contains("nextCursor") ? std::optional<std::string>(page["nextCursor"]) : std::nullopt;
    CHECK(page["truncated"] == cursor.has_value());
    ++pages;
  } while (cursor);
  CHECK(pages == 5);
  CHECK(seen.size() == 23);
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 23);

  json by_account = l.ok("ledger_list_transactions", json{{"accountId", b.bank}, {"limit", 500}}.dump());
  CHECK(by_account["total"] == 11);
  CHECK(by_account["transactions"].size() == 11);
  CHECK(by_account["truncated"] == false);
  json ranged = l.ok("ledger_list_transactions",
                     json{{"startDate", "2026-03-12"}, {"endDate", "2026-03-13"}}.dump());
  for (const auto& t : ranged["transactions"]) {
    CHECK(t["date"].get<std::string>() >= "2026-03-12");
    CHECK(t["date"].get<std::string>() <= "2026-03-13");
  }
  CHECK(ranged["total"] == ranged["transactions"].size());
  CHECK(l.error("ledger_list_transactions", R"({"cursor":"nonsense"})") == "cursor: not a cursor this tool returned");
  CHECK(l.error("ledger_list_transactions", R"({"startDate":"2026-03-05","endDate":"2026-03-01"})") ==
        "startDate (2026-03-05) is after endDate (2026-03-01)");
  CHECK(l.error("ledger_list_transactions", R"({"limit":900})") == "limit: must be at most 500 (got 900)");
}

TEST_CASE("ledger_list_transactions by person shows their Lent activity") {
  TempLedger l;
  Books b = setup(l);
  post_expense(l, b.bank, "2026-03-01", "5.00");
  json lend = l.ok("extrack_create_lend_money_draft",
                   json{{"personId", b.alice}, {"accountId", b.bank}, {"amount", "7"}, {"date", "2026-03-02"}}.dump());
  std::string txn = l.ok("extrack_post_transaction_draft", json{{"draftId", lend["id"]}}.dump())["transactionId"];
  json page = l.ok("ledger_list_transactions", json{{"personId", b.alice}}.dump());
  REQUIRE(page["transactions"].size() == 1);
  CHECK(page["transactions"][0]["id"] == txn);
  CHECK(page["total"] == 1);
  CHECK(l.error("ledger_list_transactions", R"({"personId":"per_x"})") == "Person not found: personId \"per_x\"");
}

TEST_CASE("ledger_void_transaction posts the exact reversal, once") {
  TempLedger l;
  Books b = setup(l);
  std::string txn = post_expense(l, b.card, "2026-03-01", "42.00");
  json v = l.ok("ledger_void_transaction", json{{"transactionId", txn}, {"reason", "duplicate"}}.dump());
  CHECK(v["voidedTransactionId"] == txn);
  CHECK(v["reversal"]["reversesTransactionId"] == txn);
  CHECK(v["reversal"]["date"] == "2026-03-15");
  CHECK(v["reversal"]["description"] == "Void: Lunch (duplicate)");
  CHECK(v["reversal"]["postings"][0]["amount"]["amount"] == "42.00");
  json card = l.ok("ledger_get_balances", json{{"accountIds", {b.card}}}.dump());
  CHECK(card["accounts"][0]["balance"]["amountMinor"] == 0);
  std::string reversal = v["reversal"]["id"];
  CHECK(l.error("ledger_void_transaction", json{{"transactionId", txn}}.dump()) ==
        "Transaction " + txn + " is already voided (by " + reversal + ").");
  CHECK(l.error("ledger_void_transaction", json{{"transactionId", reversal}}.dump()) ==
        "Transaction " + reversal + " is itself a reversal; post the original again instead.");
  json listed = l.ok("ledger_list_transactions");
  CHECK(listed["transactions"][1]["voidedByTransactionId"] == reversal);
  CHECK(tally::ledger::check_ledger(l.store()).empty());
}

TEST_CASE("ledger_close_account needs a zero balance and is idempotent") {
  TempLedger l;
  Books b = setup(l);
  post_expense(l, b.card, "2026-03-01", "10.00");
  CHECK(l.error("ledger_close_account", json{{"accountId", b.card}}.dump()) ==
        "Account \"Card\" has a balance of 10.00 USD; move it to another account (a transfer) before closing.");
  json t = l.ok("extrack_create_transaction_draft", json{{"type", "transfer"}, {"title", "Pay card"}, {"date", "2026-03-02"},
                                                        {"debitAccountId", b.card}, {"creditAccountId", b.bank},
                                                        {"expenseAmount", "10"}}.dump());
  l.ok("extrack_post_transaction_draft", json{{"draftId", t["id"]}}.dump());
  json closed = l.ok("ledger_close_account", json{{"accountId", b.card}}.dump());
  CHECK(closed["closed"] == true);
  CHECK(closed["closedOn"] == "2026-03-15");
  CHECK(l.ok("ledger_close_account", json{{"accountId", b.card}}.dump())["closedOn"] == "2026-03-15");
  json ctx = l.ok("extrack_get_context");
  for (const auto& a : ctx["accounts"]) CHECK(a["id"] != b.card);
  CHECK(l.error("extrack_create_transaction_draft",
                json{{"type", "expense"}, {"title", "x"}, {"date", "2026-03-03"}, {"accountId", b.card},
                     {"expenseAmount", "1"}}.dump()) ==
        "Account \"Card\" (" + b.card + ") is closed; it takes no new postings.");
  json lend = l.ok("extrack_create_lend_money_draft",
                   json{{"personId", b.alice}, {"accountId", b.bank}, {"amount", "1"}, {"date", "2026-03-02"}}.dump());
  l.ok("extrack_post_transaction_draft", json{{"draftId", lend["id"]}}.dump());
  std::string lent = l.ok("ledger_list_transactions", json{{"personId", b.alice}}.dump())["transactions"][0]["postings"][1]["accountId"];
  CHECK(l.error("ledger_close_account", json{{"accountId", lent}}.dump()) ==
        "Account \"Lent:Alice\" tracks what a person owes you; it stays open.");
}

TEST_CASE("ledger_get_balances: display signs, totals per currency, asOf") {
  TempLedger l;
  Books b = setup(l);
  std::string eur = l.ok("ledger_create_account", R"({"name":"Euro","type":"asset","currency":"EUR"})")["id"];
  post_expense(l, b.card, "2026-01-31", "10.00");
  post_expense(l, b.card, "2026-02-01", "5.00");
  post_expense(l, eur, "2026-02-10", "3.00");
  json all = l.ok("ledger_get_balances");
  json card;
  for (const auto& a : all["accounts"])
    if (a["id"] == b.card) card = a;
  CHECK(card["balance"]["amount"] == "15.00");  // a liability shows what you owe as positive
  REQUIRE(all["totals"].size() == 2);
  CHECK(all["totals"][0]["currency"] == "EUR");
  CHECK(all["totals"][0]["expenses"]["amount"] == "3.00");
  CHECK(all["totals"][1]["liabilities"]["amount"] == "15.00");
  CHECK(all["totals"][1]["balanced"] == true);
  json jan = l.ok("ledger_get_balances", json{{"accountIds", {b.card}}, {"asOf", "2026-01-31"}}.dump());
  CHECK(jan["accounts"][0]["balance"]["amount"] == "10.00");
  CHECK(jan["asOf"] == "2026-01-31");
  json early_feb = l.ok("ledger_get_balances", json{{"accountIds", {b.card}}, {"asOf", "2026-02-01"}}.dump());
  CHECK(early_feb["accounts"][0]["balance"]["amount"] == "15.00");
  CHECK(l.error("ledger_get_balances", R"({"accountIds":["acc_x"]})") == "Account not found: accountIds[0] \"acc_x\"");
}

TEST_CASE("names match case-insensitively, Unicode included; near misses list candidates") {
  TempLedger l;
  Books b = setup(l);
  l.ok("ledger_create_category", R"({"name":"Éducation","kind":"expense"})");
  l.ok("ledger_create_category", R"({"name":"Food","kind":"expense"})");
  l.ok("ledger_create_category", R"({"name":"Fast food","kind":"expense"})");
  json d = l.ok("extrack_create_transaction_draft",
                json{{"type", "expense"}, {"title", "Books"}, {"date", "2026-03-01"}, {"accountId", b.bank},
                     {"expenseAmount", "20"}, {"categoryName", "éDUCATION"}}.dump());
  CHECK(d["categoryName"] == "Éducation");
  CHECK(l.error("extrack_create_transaction_draft",
                json{{"type", "expense"}, {"title", "x"}, {"date", "2026-03-01"}, {"accountId", b.bank},
                     {"expenseAmount", "1"}, {"categoryName", "foo"}}.dump()) ==
        "Category not found: categoryName \"foo\" matches no expense category (did you mean one of: \"Fast food\", "
        "\"Food\"?)");
  CHECK(l.error("ledger_create_person", R"({"name":"  ALICE "})") ==
        "A person named \"Alice\" already exists (" + b.alice + ").");
  CHECK(l.error("ledger_create_category", R"({"name":"FOOD","kind":"expense"})").rfind(
            "An expense category named \"Food\" already exists", 0) == 0);
  l.ok("ledger_create_category", R"({"name":"Food","kind":"income"})");  // another kind is another category
  CHECK(l.error("ledger_create_account", R"({"name":"bank","type":"asset"})") ==
        "An account named \"Bank\" in USD already exists (" + b.bank + ").");
  l.ok("ledger_create_account", R"({"name":"bank","type":"asset","currency":"EUR"})");
  // A category used in another currency gets its own account in that currency.
  std::string eur = l.ok("ledger_create_account", R"({"name":"Euro","type":"asset","currency":"EUR"})")["id"];
  json e = l.ok("extrack_create_transaction_draft",
                json{{"type", "expense"}, {"title", "Crêpe"}, {"date", "2026-03-01"}, {"accountId", eur},
                     {"expenseAmount", "4.50"}, {"categoryName", "food"}}.dump());
  json posted = l.ok("extrack_post_transaction_draft", json{{"draftId", e["id"]}}.dump());
  CHECK(posted["transaction"]["postings"][1]["accountName"] == "Expenses:Food");
  CHECK(posted["transaction"]["postings"][1]["amount"]["currency"] == "EUR");
}

TEST_CASE("extrack_list_transaction_drafts pages newest first; the context holds the latest 20") {
  TempLedger l;
  Books b = setup(l);
  for (int i = 0; i < 25; ++i)
    l.ok("extrack_create_transaction_draft",
         json{{"type", "expense"}, {"title", "Coffee " + std::to_string(i)}, {"date", "2026-03-01"},
              {"accountId", b.bank}, {"expenseAmount", "3"}}.dump());
  json ctx = l.ok("extrack_get_context");
  REQUIRE(ctx["recentDrafts"].size() == 20);
  CHECK(ctx["recentDrafts"][0]["title"] == "Coffee 24");
  json page1 = l.ok("extrack_list_transaction_drafts", R"({"limit":10})");
  CHECK(page1["total"] == 25);
  CHECK(page1["truncated"] == true);
  json page3 = l.ok("extrack_list_transaction_drafts",
                    json{{"limit", 10}, {"cursor", l.ok("extrack_list_transaction_drafts",
                                                        json{{"limit", 10}, {"cursor", page1["nextCursor"]}}.dump())["nextCursor"]}}
                        .dump());
  CHECK(page3["drafts"].size() == 5);
  CHECK(page3["truncated"] == false);
  CHECK(page3["drafts"][4]["title"] == "Coffee 0");
  // Duplicate awareness is advisory: a look-alike is created and flagged.
  json dup = l.ok("extrack_create_transaction_draft",
                  json{{"type", "expense"}, {"title", "coffee 3"}, {"date", "2026-03-01"}, {"accountId", b.bank},
                       {"expenseAmount", "3.00"}}.dump());
  CHECK(dup["possibleDuplicates"].size() == 1);
}

TEST_CASE("total matches the rows for ranges across months, by workspace and by account") {
  TempLedger l;
  Books b = setup(l);
  const char* dates[] = {"2025-12-31", "2026-01-01", "2026-01-15", "2026-01-31", "2026-02-01",
                         "2026-02-28", "2026-03-01", "2026-03-10", "2026-04-30", "2026-05-01"};
  int i = 0;
  for (const char* d : dates)
    for (int k = 0; k < 2; ++k) post_expense(l, (i++ % 3) ? b.bank : b.card, d, "1.00");
  // A transfer touches two accounts: counted once per list.
  json t = l.ok("extrack_create_transaction_draft", json{{"type", "transfer"}, {"title", "Pay"}, {"date", "2026-02-15"},
                                                        {"debitAccountId", b.card}, {"creditAccountId", b.bank},
                                                        {"expenseAmount", "1"}}.dump());
  l.ok("extrack_post_transaction_draft", json{{"draftId", t["id"]}}.dump());
  const std::vector<std::pair<const char*, const char*>> ranges = {
      {nullptr, nullptr},          {"2026-01-01", nullptr},      {nullptr, "2026-02-28"},
      {"2026-01-15", "2026-03-01"}, {"2026-01-31", "2026-02-01"}, {"2026-02-02", "2026-02-27"},
      {"2026-03-02", "2026-04-29"}, {"2026-06-01", nullptr}};
  for (const std::string& account : {std::string(), b.bank, b.card}) {
    for (const auto& [from, to] : ranges) {
      json args{{"limit", 500}};
      if (!account.empty()) args["accountId"] = account;
      if (from) args["startDate"] = from;
      if (to) args["endDate"] = to;
      json page = l.ok("ledger_list_transactions", args.dump());
      INFO(args.dump());
      CHECK(page["total"] == page["transactions"].size());
      for (const auto& tx : page["transactions"]) {
        if (from) CHECK(tx["date"].get<std::string>() >= from);
        if (to) CHECK(tx["date"].get<std::string>() <= to);
      }
    }
  }
  json all = l.ok("ledger_list_transactions", R"({"limit":500})");
  CHECK(all["total"] == 21);
  CHECK(tally::ledger::check_ledger(l.store()).empty());
}
