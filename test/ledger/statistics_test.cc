// The planner's statistics a server refreshes when it closes
// (store::refresh_statistics): a ledger grown by tool calls alone gets a
// sampled ANALYZE once it holds 1,000 postings, and not before (statistics of
// nearly empty tables misled the planner); then PRAGMA optimize keeps them.
#include <doctest/doctest.h>

#include "random_ledger.h"
#include "store/statistics.h"

using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;

namespace {

std::int64_t stat_rows(TempLedger& l, const char* table) {
  if (!l.db().tableExists("sqlite_stat1")) return 0;
  return l.db()
      .execAndGet(std::string("SELECT count(*) FROM sqlite_stat1 WHERE tbl = '") + table + "'")
      .getInt64();
}

}  // namespace

TEST_CASE("a ledger grown by tool calls gets the planner's statistics at close, not before") {
  {
    TempLedger small;
    random_ledger(small, 3, 100);
    REQUIRE(small.db().execAndGet("SELECT count(*) FROM posting").getInt64() < 1000);
    CHECK(tally::store::refresh_statistics(small.db()).empty());
    CHECK(stat_rows(small, "posting") == 0);  // too small: left alone
  }
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only
  random_ledger(l, 4, 2500);
  REQUIRE(l.db().execAndGet("SELECT count(*) FROM posting").getInt64() >= 1000);
  CHECK(tally::store::refresh_statistics(l.db()).empty());
  CHECK(stat_rows(l, "posting") > 0);
  CHECK(stat_rows(l, "txn") > 0);
  // Again: PRAGMA optimize, which keeps what is there.
  CHECK(tally::store::refresh_statistics(l.db()).empty());
  CHECK(stat_rows(l, "posting") > 0);
}
