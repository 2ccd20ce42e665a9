// `tally doctor` (the ledger part) names each violation it finds.
#include <doctest/doctest.h>

#include <algorithm>

#include "ledger/doctor.h"
#include "test_fixture.h"

using tally::mcp::json;
using tally::ledger::testing::TempLedger;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("doctor is clean on a sound ledger and names tampering") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  json lend = l.ok("extrack_create_lend_money_draft",
                   json{{"personId", alice}, {"accountId", bank}, {"amount", "20"}, {"date", "2026-03-01"}}.dump());
  std::string txn = l.ok("extrack_post_transaction_draft", json{{"draftId", lend["id"]}}.dump())["transactionId"];
  l.ok("extrack_create_split_expense_draft",
       json{{"title", "Pizza"}, {"date", "2026-03-02"}, {"accountId", bank}, {"totalAmount", "9"},
            {"allocations", {{{"personId", alice}, {"amount", "3"}}}}}.dump());
  CHECK(tally::ledger::check_ledger(l.store()).empty());

  SUBCASE("an edited posting: unbalanced transaction and drifted running total") {
    l.db().exec("DROP TRIGGER posting_no_update");
    l.db().exec("UPDATE posting SET amount_minor = 2500 WHERE amount_minor = 2000");
    auto problems = tally::ledger::check_ledger(l.store());
    CHECK(mentions(problems, "transaction " + txn + ": USD postings sum to 500 minor units, not 0"));
    CHECK(mentions(problems, "running total of account "));
    CHECK(mentions(problems, "postings sum to 2500 (1 postings, 1 transactions) but the total says 2000 (1, 1)"));
  }
  SUBCASE("an orphan IOU and an IOU to a stranger") {
    l.db().exec("PRAGMA foreign_keys=OFF");
    l.db().exec("INSERT INTO txn_draft_iou (draft_id, person_id, position, amount_minor) VALUES ('drf_gone', '" + alice +
                "', 0, 5)");
    l.db().exec("UPDATE txn_draft_iou SET person_id = 'per_stranger' WHERE draft_id <> 'drf_gone'");
    l.db().exec("PRAGMA foreign_keys=ON");
    auto problems = tally::ledger::check_ledger(l.store());
    CHECK(mentions(problems, "IOU of draft drf_gone to person " + alice + " has no draft"));
    CHECK(mentions(problems, "holds an IOU to person per_stranger, who is not in its workspace"));
    CHECK(mentions(problems, "SQLite foreign_key_check: a row of txn_draft_iou"));
  }
  SUBCASE("a search index that lost a transaction or its tags (issue 19)") {
    l.ok("ledger_tag_transaction", json{{"transactionId", txn}, {"tag", "loan"}}.dump());
    CHECK(tally::ledger::check_ledger(l.store()).empty());
    l.db().exec("UPDATE txn_fts SET tags = '' WHERE tags = 'loan'");
    CHECK(mentions(tally::ledger::check_ledger(l.store()), "search index: transaction " + txn +
                                                               " is indexed with other text or tags than it has"));
    l.db().exec("DELETE FROM txn_fts");
    CHECK(mentions(tally::ledger::check_ledger(l.store()), "search index: transaction " + txn + " is missing"));
  }
  SUBCASE("a posting in the wrong currency") {
    l.db().exec("DROP TRIGGER posting_no_update");
    l.db().exec("UPDATE posting SET currency = 'EUR'");
    auto problems = tally::ledger::check_ledger(l.store());
    CHECK(mentions(problems, "is in EUR but the account is in USD"));
  }
}
