// Tags, payees and search through the tool registry (issue 19): drafts keep
// their payee and tags when posted; tags change without touching postings
// and are refused past 50 or outside their alphabet; any text a user types is
// a literal search, never FTS syntax; a search's total equals the rows it
// pages through.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>

#include "ledger/posting.h"
#include "ledger/posting_batch.h"
#include "random_ledger.h"
#include "store/transaction.h"

using tally::ledger::testing::count_rows;
using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {

struct Book {
  TempLedger l;
  std::string bank;
  explicit Book() {
    bank = l.ok("ledger_create_account",
                R"({"name": "Bank", "type": "asset", "subtype": "bank"})")["id"];
    l.ok("ledger_create_category", R"({"name": "Shopping", "kind": "expense"})");
  }
  std::string post(json args) {
    args["type"] = "expense";
    args["accountId"] = bank;
    args["categoryName"] = "Shopping";
    json d = l.ok("extrack_create_transaction_draft", args.dump());
    return l.ok("extrack_post_transaction_draft",
                json{{"draftId", d["id"]}}.dump())["transactionId"];
  }
  std::vector<std::string> ids(const json& args) {
    json r = l.ok("ledger_search_transactions", args.dump());
    std::vector<std::string> out;
    for (const auto& t : r["transactions"]) out.push_back(t["id"]);
    return out;
  }
};

}  // namespace

TEST_CASE("drafts keep their payee and tags when posted; tags change without touching postings") {
  Book b;
  json draft =
      b.l.ok("extrack_create_transaction_draft", json{{"type", "expense"},
                                                      {"title", "Order 1182"},
                                                      {"date", "2026-03-02"},
                                                      {"accountId", b.bank},
                                                      {"expenseAmount", "25.00"},
                                                      {"payee", "Amazon"},
                                                      {"tags", {"home", "Trip:Lisbon", "home"}}}
                                                     .dump());
  CHECK(draft["payee"] == "Amazon");
  CHECK(draft["tags"] == json{"home", "Trip:Lisbon"});
  std::string id = b.l.ok("extrack_post_transaction_draft",
                          json{{"draftId", draft["id"]}}.dump())["transactionId"];
  json txn = b.l.ok("ledger_list_transactions")["transactions"][0];
  CHECK(txn["id"] == id);
  CHECK(txn["payee"] == "Amazon");
  CHECK(txn["tags"] == json{"home", "Trip:Lisbon"});

  std::int64_t postings = count_rows(b.l, "posting");
  json tagged = b.l.ok("ledger_tag_transaction",
                       json{{"transactionId", id}, {"tag", "refund/pending"}}.dump());
  CHECK(tagged["tags"].size() == 3);
  CHECK(
      b.l.ok("ledger_tag_transaction", json{{"transactionId", id}, {"tag", "HOME"}}.dump())["tags"]
          .size() == 3);
  json untagged = b.l.ok("ledger_untag_transaction",
                         json{{"transactionId", id}, {"tag", "trip:lisbon"}}.dump());
  CHECK(untagged["removed"] == true);
  CHECK(untagged["tags"] == json{"home", "refund/pending"});
  CHECK(b.l.ok("ledger_untag_transaction",
               json{{"transactionId", id}, {"tag", "nope"}}.dump())["removed"] == false);
  CHECK(count_rows(b.l, "posting") == postings);

  // Spending by payee uses the payee, else the description.
  b.post({{"title", "Corner shop"}, {"date", "2026-03-03"}, {"expenseAmount", "5.00"}});
  json sb = b.l.ok("ledger_spending_by", R"({"groupBy": "payee"})");
  CHECK(sb["currencies"][0]["groups"][0]["name"] == "Amazon");
  CHECK(sb["currencies"][0]["groups"][1]["name"] == "Corner shop");

  // By tag a transaction counts under each of its tags; the total stays the real spending.
  json by_tag = b.l.ok("ledger_spending_by", R"({"groupBy": "tag"})");
  CHECK(by_tag["overlapping"] == true);
  json usd = by_tag["currencies"][0];
  CHECK(usd["total"]["amount"] == "30.00");
  REQUIRE(usd["groups"].size() == 3);
  CHECK(usd["groups"][0]["amount"]["amount"] == "25.00");
  CHECK(usd["groups"][2] == json{{"name", "(no tag)"}, {"amount", {{"amountMinor", 500}, {"amount", "5.00"}, {"currency", "USD"}}}});
}

TEST_CASE("bad tags are clear errors and write nothing") {
  Book b;
  std::string id = b.post({{"title", "x"}, {"date", "2026-03-02"}, {"expenseAmount", "1.00"}});
  CHECK(b.l.error("ledger_tag_transaction",
                  json{{"transactionId", id}, {"tag", "two words"}}.dump()) ==
        "tag: \"two words\" is not a tag (1–64 ASCII letters, digits, -, _, / and :)");
  CHECK(b.l.error("ledger_tag_transaction", json{{"transactionId", id}, {"tag", "#home"}}.dump()) ==
        "tag: \"#home\" is not a tag (1–64 ASCII letters, digits, -, _, / and :)");
  CHECK(b.l.error("ledger_tag_transaction",
                  json{{"transactionId", "txn_nope"}, {"tag", "home"}}.dump()) ==
        "Transaction not found: transactionId \"txn_nope\"");
  for (int i = 0; i < 50; ++i)
    b.l.ok("ledger_tag_transaction",
           json{{"transactionId", id}, {"tag", "t" + std::to_string(i)}}.dump());
  CHECK(b.l.error("ledger_tag_transaction", json{{"transactionId", id}, {"tag", "t50"}}.dump()) ==
        "A transaction takes at most 50 tags; remove one first.");
  CHECK(count_rows(b.l, "txn_tag") == 50);

  json many = json::array();
  for (int i = 0; i < 10000; ++i) many.push_back("t" + std::to_string(i));
  std::int64_t drafts = count_rows(b.l, "txn_draft");
  CHECK(b.l.error("extrack_create_transaction_draft", json{{"type", "expense"},
                                                           {"title", "x"},
                                                           {"date", "2026-03-02"},
                                                           {"accountId", b.bank},
                                                           {"expenseAmount", "1.00"},
                                                           {"tags", many}}
                                                          .dump())
            .rfind("tags: ", 0) == 0);
  CHECK(b.l.error("extrack_create_transaction_draft", json{{"type", "expense"},
                                                           {"title", "x"},
                                                           {"date", "2026-03-02"},
                                                           {"accountId", b.bank},
                                                           {"expenseAmount", "1.00"},
                                                           {"tags", {"ok", "NEAR("}}}
                                                          .dump()) ==
        "tags[1]: \"NEAR(\" is not a tag (1–64 ASCII letters, digits, -, _, / and :)");
  CHECK(count_rows(b.l, "txn_draft") == drafts);
}

TEST_CASE("any text is a literal search, in every field") {
  Book b;
  std::string acme = b.post(
      {{"title", "Invoice from Acme-Corp"}, {"date", "2026-03-01"}, {"expenseAmount", "120.00"}});
  std::string quote = b.post({{"title", "He said \"NEAR(x y)\" AND * OR -z"},
                              {"date", "2026-03-02"},
                              {"expenseAmount", "7.50"},
                              {"payee", "\"Ünïcode\" Café*"}});
  std::string amazon = b.post({{"title", "Order 1182"},
                               {"date", "2026-03-03"},
                               {"expenseAmount", "25.00"},
                               {"payee", "Amazon"},
                               {"tags", {"refund"}}});
  CHECK(b.ids({{"query", "Acme-Corp"}}) == std::vector<std::string>{acme});
  CHECK(b.ids({{"query", "acme corp"}}) == std::vector<std::string>{acme});
  CHECK(b.ids({{"query", "NEAR("}}) == std::vector<std::string>{quote});
  CHECK(b.ids({{"query", "\"near(x y)\""}}) == std::vector<std::string>{quote});
  CHECK(b.ids({{"query", "AND"}}) == std::vector<std::string>{quote});
  CHECK(b.ids({{"query", "unicode cafe"}}) ==
        std::vector<std::string>{quote});                                   // diacritics folded
  CHECK(b.ids({{"query", "amaz"}}) == std::vector<std::string>{amazon});    // a word's start
  CHECK(b.ids({{"query", "refund"}}) == std::vector<std::string>{amazon});  // tags are searched
  CHECK(b.ids({{"tag", "REFUND"}}) == std::vector<std::string>{amazon});
  CHECK(b.ids({{"query", "order amazon"}, {"minAmount", "25"}, {"maxAmount", "25.00"}}) ==
        std::vector<std::string>{amazon});
  CHECK(b.ids({{"minAmount", "100"}}) == std::vector<std::string>{acme});
  CHECK(b.ids({{"query", "zzz"}}).empty());
  CHECK(b.ids({{"categoryName", "shopping"}, {"endDate", "2026-03-02"}}) ==
        std::vector<std::string>{quote, acme});
  for (const char* nothing : {"\"", "*", "(", "- -", "\"\""})
    CHECK(b.l.error("ledger_search_transactions", json{{"query", nothing}}.dump()) ==
          "query: \"" + std::string(nothing) + "\" has no letters or digits to search for");
  CHECK(b.l.error("ledger_search_transactions", "{}") ==
        "Give a query or at least one filter (tag, amounts, account, category, person or dates).");
  CHECK(b.l.error("ledger_search_transactions", R"({"minAmount": "1.005"})") ==
        "minAmount: \"1.005\" has 3 decimals; USD allows 2");
  CHECK(b.l.error("ledger_search_transactions", R"({"categoryName": "Nope"})") ==
        "Category not found: categoryName \"Nope\" matches no expense or income category");
}

TEST_CASE("a search's total equals the rows it pages through, on a random ledger") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  random_ledger(l, 99);
  for (json args :
       {json{{"query", "expense"}}, json{{"query", "split"}, {"startDate", "2026-02-01"}},
        json{{"minAmount", "100"}, {"maxAmount", "900"}}, json{{"query", "transfer 1"}}}) {
    args["limit"] = 7;
    std::set<std::string> seen;
    json page = l.ok("ledger_search_transactions", args.dump());
    std::int64_t total = page["total"];
    CHECK(page["totalIsExact"] == true);
    for (;;) {
      for (const auto& t : page["transactions"])
        CHECK(seen.insert(t["id"].get<std::string>()).second);
      if (!page.contains("nextCursor")) break;
      args["cursor"] = page["nextCursor"];
      page = l.ok("ledger_search_transactions", args.dump());
      CHECK(page["total"] == total);
    }
    INFO(args.dump());
    CHECK(static_cast<std::int64_t>(seen.size()) == total);
    CHECK(total > 0);
  }
}

TEST_CASE("past 10,000 matches the total says it is not exact") {
  Book b;
  std::string shop = b.l.ok("ledger_create_category", R"({"name": "Bulk", "kind": "expense"})")["accountId"];
  {
    // Posted as a bulk import posts them (one batch: the search index written
    // once at the end), which also checks that the batch's index finds them.
    tally::store::Transaction tx(b.l.db());
    tally::ledger::PostingBatch batch(b.l.store());
    for (int i = 0; i < 10003; ++i) {
      tally::ledger::TxnSpec spec;
      spec.date = "2026-02-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
      spec.description = "Bulk order " + std::to_string(i);
      spec.source = "ledger";
      spec.postings = {{b.bank, -100, "USD", ""}, {shop, 100, "USD", ""}};
      tally::ledger::post(b.l.store(), spec);
    }
    batch.finish();
    tx.commit();
  }
  json page = b.l.ok("ledger_search_transactions", R"({"query": "bulk order", "limit": 5})");
  CHECK(page["total"] == 10000);
  CHECK(page["totalIsExact"] == false);
  CHECK(page["truncated"] == true);
  CHECK(page["transactions"].size() == 5);
  json few = b.l.ok("ledger_search_transactions", R"({"query": "order 9999"})");
  CHECK(few["total"] == 1);
  CHECK(few["totalIsExact"] == true);
}

TEST_CASE("a search by amount alone (its own index path) finds exactly the postings in range") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  random_ledger(l, 4242);
  for (json args :
       {json{{"minAmount", "10"}, {"maxAmount", "500"}},
        json{{"minAmount", "1"}, {"startDate", "2026-01-20"}, {"endDate", "2026-03-01"}},
        json{{"maxAmount", "50"}, {"endDate", "2026-02-14"}}}) {
    INFO(args.dump());
    args["limit"] = 13;
    std::vector<std::string> paged;
    for (json page = l.ok("ledger_search_transactions", args.dump());;) {
      for (const auto& t : page["transactions"]) paged.push_back(t["id"]);
      if (!page.contains("nextCursor")) break;
      args["cursor"] = page["nextCursor"];
      page = l.ok("ledger_search_transactions", args.dump());
    }
    // Newest first, each transaction once, exactly those with a positive USD posting in range.
    auto minor = [&](const char* k, std::int64_t dflt) -> std::int64_t {
      return args.contains(k) ? static_cast<std::int64_t>(
                                    std::llround(std::stod(args[k].get<std::string>()) * 100))
                              : dflt;
    };
    SQLite::Statement q(l.db(),
                        "SELECT t.id FROM txn t WHERE EXISTS (SELECT 1 FROM posting p WHERE "
                        "p.txn_seq = t.seq AND p.currency = 'USD' AND p.amount_minor > 0 AND "
                        "p.amount_minor BETWEEN ? AND ?) AND t.date BETWEEN ? AND ? "
                        "ORDER BY t.date DESC, t.seq DESC");
    q.bind(1, minor("minAmount", 1));
    q.bind(2, minor("maxAmount", std::numeric_limits<std::int64_t>::max()));
    q.bind(3, args.value("startDate", std::string("0000-01-01")));
    q.bind(4, args.value("endDate", std::string("9999-12-31")));
    std::vector<std::string> expected;
    while (q.executeStep()) expected.push_back(q.getColumn(0).getString());
    CHECK(!expected.empty());
    CHECK(paged == expected);
  }
}
