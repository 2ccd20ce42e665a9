#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/clock.h"
#include "store/ids.h"

using namespace tally::store;

TEST_CASE(
    "one seed and one stopped clock: each process claims its own stream, so ids never repeat") {
  FixedClock clock(1767225600000);  // stopped, as TALLY_NOW makes it
  SQLite::Database ledger(":memory:", SQLite::OPEN_READWRITE);
  std::set<std::string> seen;
  std::vector<std::string> first_run;
  for (int process = 0; process < 5; ++process) {
    IdSource ids(clock, 7, true);
    claim_id_stream(ledger, ids);
    for (int i = 0; i < 1000; ++i) {
      std::string id = ids.next("acc");
      CHECK(seen.insert(id).second);
      if (process == 0 && i < 3) first_run.push_back(id);
    }
  }
  CHECK(ledger.execAndGet("SELECT processes FROM id_stream WHERE seed = '7'").getInt() == 5);

  // Reproducible: a fresh ledger and the same seed mint the same ids again, and the
  // first process's ids are those an unclaimed source mints (stream 0: as before).
  SQLite::Database fresh(":memory:", SQLite::OPEN_READWRITE);
  IdSource again(clock, 7, true);
  claim_id_stream(fresh, again);
  IdSource plain(clock, 7, true);
  for (const auto& id : first_run) {
    CHECK(again.next("acc") == id);
    CHECK(plain.next("acc") == id);
  }
}

TEST_CASE("an unseeded source claims nothing") {
  FixedClock clock(1767225600000);  // stopped, as TALLY_NOW makes it
  SQLite::Database ledger(":memory:", SQLite::OPEN_READWRITE);
  IdSource ids(clock, 0, false);
  claim_id_stream(ledger, ids);
  CHECK_FALSE(ledger.tableExists("id_stream"));
}

TEST_CASE("threads sharing one IdSource get distinct ids") {
  FixedClock clock(1767225600000);  // stopped, as TALLY_NOW makes it
  IdSource ids(clock, 3, true);
  std::vector<std::vector<std::string>> minted(4);
  std::vector<std::thread> threads;
  for (auto& out : minted)
    threads.emplace_back([&ids, &out] {
      for (int i = 0; i < 2000; ++i) out.push_back(ids.next("txn"));
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : minted) all.insert(out.begin(), out.end());
  CHECK(all.size() == 8000);
}
