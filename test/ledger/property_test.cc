// A property test: 1,000 random valid and invalid operations through the tool
// handlers on a real ledger file, then `doctor` is clean, the trial balance
// holds per currency (assets − liabilities = equity + income − expenses), every
// failed call wrote nothing, and every cash and Lent balance equals a model
// kept independently from the amounts the test itself sent.
#include <doctest/doctest.h>

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
