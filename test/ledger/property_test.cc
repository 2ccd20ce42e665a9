// A property test: 1,000 random valid and invalid operations through the tool
// handlers on a real ledger file, then `doctor` is clean, the trial balance
// holds per currency (assets − liabilities = equity + income − expenses), every
// failed call wrote nothing, and every cash and Lent balance equals a model
// kept independently from the amounts the test itself sent.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "ledger/doctor.h"
#include "random_ledger.h"

using tally::mcp::json;
using tally::ledger::testing::count_rows;
using tally::ledger::testing::RandomLedger;
using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;

TEST_CASE("1,000 random operations keep every invariant") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only: durability is not under test here
  RandomLedger r = random_ledger(l);
  auto& [cash, people, model, owed, transactions, ok_calls, failed_calls] = r;
  MESSAGE(ok_calls << " calls succeeded, " << failed_calls << " were refused, " << transactions.size()
                   << " drafts posted");
  CHECK(ok_calls > 300);
  CHECK(failed_calls > 50);
  CHECK(count_rows(l, "posting") > 300);

  // doctor is clean.
  auto problems = tally::ledger::check_ledger(l.store());
  for (const auto& p : problems) INFO(p);
  CHECK(problems.empty());

  // The trial balance per currency.
  json balances = l.ok("ledger_get_balances");
  for (const auto& t : balances["totals"]) {
    std::int64_t assets = t["assets"]["amountMinor"], liabilities = t["liabilities"]["amountMinor"],
                 equity = t["equity"]["amountMinor"], income = t["income"]["amountMinor"],
                 expenses = t["expenses"]["amountMinor"];
    INFO(t.dump());
    CHECK(assets - liabilities == equity + income - expenses);
    CHECK(t["balanced"].get<bool>());
  }
  // Σ postings = 0 per currency, straight from SQL.
  CHECK(l.db().execAndGet("SELECT count(*) FROM (SELECT currency FROM posting GROUP BY currency "
                          "HAVING sum(amount_minor) <> 0)").getInt() == 0);

  // …and per transaction and currency, trading accounts included (issue 20):
  // transfers across currencies happened, and each of them balances too.
  CHECK(l.db().execAndGet("SELECT count(*) FROM (SELECT txn_seq, currency FROM posting GROUP BY txn_seq, currency "
                          "HAVING sum(amount_minor) <> 0)").getInt() == 0);
  CHECK(l.db().execAndGet("SELECT count(*) FROM account WHERE name LIKE 'Trading:%'").getInt() > 0);

  // Cash and Lent balances equal the independent model.
  for (const auto& acc : balances["accounts"]) {
    std::string id = acc["id"];
    std::int64_t raw = acc["balance"]["amountMinor"];
    if (acc["type"] == "liability" || acc["type"] == "equity") raw = -raw;
    if (acc["subtype"] == "lent") {
      INFO(acc.dump());
      CHECK(raw == owed[{acc["personId"].get<std::string>(), acc["currency"].get<std::string>()}]);
    } else if (acc["type"] != "income" && acc["type"] != "expense" &&
               acc["name"].get<std::string>().rfind("Trading:", 0) != 0) {
      INFO(acc.dump());
      CHECK(raw == model[id]);
    }
  }
}

// Issue 21: undo what the random operations did, in a random order. Each undo
// that is refused changes nothing; each that succeeds leaves doctor clean, a
// second undo of the same entry changes nothing, and a restored draft posts
// again as a new transaction.
TEST_CASE("undoing random audited writes keeps every invariant, and undoing twice changes nothing") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");
  random_ledger(l, 20260401, 600);
  auto fingerprint = [&] {
    return std::vector<std::int64_t>{count_rows(l, "posting"), count_rows(l, "txn"), count_rows(l, "txn_draft"),
                                     count_rows(l, "account WHERE closed_on IS NOT NULL"),
                                     count_rows(l, "ledger_audit"), count_rows(l, "ledger_audit WHERE undone_by IS NOT NULL")};
  };
  std::vector<std::string> undoable;
  std::string cursor;
  for (;;) {
    json args{{"limit", 200}};
    if (!cursor.empty()) args["cursor"] = cursor;
    json page = l.ok("ledger_audit_log", args.dump());
    for (const auto& e : page["entries"])
      if (e["undoable"].get<bool>()) undoable.push_back(e["auditId"]);
    if (!page["truncated"].get<bool>()) break;
    cursor = page["nextCursor"];
  }
  REQUIRE(undoable.size() > 50);
  std::mt19937_64 rng(11);
  std::shuffle(undoable.begin(), undoable.end(), rng);
  undoable.resize(80);

  int undone = 0, refused = 0, reposted = 0;
  for (const auto& id : undoable) {
    auto before = fingerprint();
    json r = l.call("ledger_undo", json{{"auditId", id}}.dump());
    INFO(id << " → " << r.dump());
    if (r.value("isError", false)) {
      ++refused;
      CHECK(fingerprint() == before);
      CHECK(r["content"][0]["text"].get<std::string>().find(id + " cannot be undone") != std::string::npos);
      continue;
    }
    ++undone;
    json out = r["structuredContent"];
    CHECK_FALSE(out["alreadyUndone"].get<bool>());
    CHECK(fingerprint() != before);
    auto after = fingerprint();
    json again = l.ok("ledger_undo", json{{"auditId", id}}.dump());
    CHECK(again["alreadyUndone"].get<bool>());
    CHECK(fingerprint() == after);
    for (const auto& u : out["undone"])
      if (u["undo"] == "unpost" && reposted < 5) {
        json posted = l.ok("extrack_post_transaction_draft",
                           json{{"draftId", u["restoredDraftId"]}, {"allowOverpayment", true}}.dump());
        CHECK_FALSE(posted["alreadyPosted"].get<bool>());
        CHECK(posted["transactionId"] != u["transactionId"]);
        ++reposted;
      }
  }
  MESSAGE(undone << " undone, " << refused << " refused, " << reposted << " restored drafts posted again");
  CHECK(undone > 20);
  CHECK(reposted > 0);
  auto problems = tally::ledger::check_ledger(l.store());
  for (const auto& p : problems) INFO(p);
  CHECK(problems.empty());
  CHECK(l.db().execAndGet("SELECT count(*) FROM (SELECT txn_seq, currency FROM posting GROUP BY txn_seq, currency "
                          "HAVING sum(amount_minor) <> 0)").getInt() == 0);
}
