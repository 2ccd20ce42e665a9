// ledger::preview (issue 18): exactly the postings extrack_post_transaction_draft
// then writes, each person's Lent balance before and after, and nothing kept.
#include <doctest/doctest.h>

#include "ledger/preview.h"
#include "mcp/tool.h"
#include "test_fixture.h"

using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {
std::int64_t count_rows(TempLedger& l, const char* sql) {
  return l.db().execAndGet(sql).getInt64();
}
}  // namespace

TEST_CASE("a preview shows what posting writes and writes nothing") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  std::string bob = l.ok("ledger_create_person", R"({"name":"Bob"})")["id"];
  l.ok("extrack_post_transaction_draft",
       json{{"draftId", l.ok("extrack_create_lend_money_draft", json{{"personId", alice},
                                                                     {"accountId", bank},
                                                                     {"amount", "5"},
                                                                     {"date", "2026-03-01"}}
                                                                    .dump())["id"]}}
           .dump());
  json draft = l.ok(
      "extrack_create_split_expense_draft",
      json{{"title", "Dinner"},
           {"date", "2026-03-14"},
           {"accountId", bank},
           {"totalAmount", "90.00"},
           {"allocations",
            {{{"personId", alice}, {"amount", "30"}}, {{"personId", bob}, {"amount", "30.01"}}}}}
          .dump());
  std::int64_t txns = count_rows(l, "SELECT count(*) FROM txn");
  std::int64_t accounts = count_rows(l, "SELECT count(*) FROM account");

  auto p = tally::ledger::preview(l.store(), draft["id"], false);
  CHECK(count_rows(l, "SELECT count(*) FROM txn") == txns);
  CHECK(count_rows(l, "SELECT count(*) FROM account") == accounts);
  CHECK(l.ok("extrack_get_transaction_draft", json{{"draftId", draft["id"]}}.dump())["status"] ==
        "pending");
  REQUIRE(p.lent.size() == 2);
  CHECK(p.lent[0].person_name == "Alice");
  CHECK(p.lent[0].before_minor == 500);
  CHECK(p.lent[0].after_minor == 3500);
  CHECK(p.lent[1].person_name == "Bob");
  CHECK(p.lent[1].before_minor == 0);
  CHECK(p.lent[1].after_minor == 3001);

  json posted = l.ok("extrack_post_transaction_draft", json{{"draftId", draft["id"]}}.dump());
  const json& postings = posted["transaction"]["postings"];
  REQUIRE(postings.size() == p.postings.size());
  for (std::size_t i = 0; i < p.postings.size(); ++i) {
    CHECK(postings[i]["amount"]["amountMinor"].get<std::int64_t>() == p.postings[i].amount_minor);
    CHECK(postings[i]["amount"]["currency"] == p.postings[i].currency);
  }
  // Alice's Lent account existed; Bob's and the category's are made by posting.
  int unnamed = 0;
  for (const auto& one : p.postings) unnamed += one.account_id.empty() ? 1 : 0;
  CHECK(unnamed == 2);
  CHECK(p.postings[0].account_id == bank);
}

TEST_CASE("a preview refuses what posting refuses, with its message") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  json draft =
      l.ok("extrack_create_repayment_draft",
           json{{"personId", alice}, {"accountId", bank}, {"amount", "5"}, {"date", "2026-03-01"}}
               .dump());
  std::string message;
  try {
    tally::ledger::preview(l.store(), draft["id"], false);
  } catch (const tally::mcp::ToolError& e) {
    message = e.what();
  }
  CHECK(message ==
        l.error("extrack_post_transaction_draft", json{{"draftId", draft["id"]}}.dump()));
  CHECK(message.find("owes nothing") != std::string::npos);
  CHECK(tally::ledger::preview(l.store(), draft["id"], true).lent.at(0).after_minor == -500);
  CHECK(count_rows(l, "SELECT count(*) FROM txn") == 0);
}
