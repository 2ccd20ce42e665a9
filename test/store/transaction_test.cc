#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "store/transaction.h"

using tally::store::Transaction;

namespace {
struct Ledger {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("tally-tx-" + std::to_string(::getpid()) + ".db");
  SQLite::Database db{path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
  Ledger() { db.exec("CREATE TABLE t (v INTEGER)"); }
  ~Ledger() { std::filesystem::remove(path); }
  int count() { return db.execAndGet("SELECT count(*) FROM t").getInt(); }
};
}  // namespace

TEST_CASE("a committed write stays; an abandoned one leaves nothing") {
  Ledger l;
  {
    Transaction tx(l.db);
    CHECK_FALSE(tx.nested());
    l.db.exec("INSERT INTO t VALUES (1)");
    tx.commit();
  }
  {
    Transaction tx(l.db);
    l.db.exec("INSERT INTO t VALUES (2)");
  }
  CHECK(l.count() == 1);
}

TEST_CASE("inside a caller's transaction a write is a savepoint that fails alone") {
  Ledger l;
  {
    Transaction outer(l.db);
    {
      Transaction a(l.db);
      CHECK(a.nested());
      l.db.exec("INSERT INTO t VALUES (1)");
      a.commit();
    }
    try {
      Transaction b(l.db);
      l.db.exec("INSERT INTO t VALUES (2)");
      throw std::runtime_error("tool failed");
    } catch (const std::runtime_error&) {
    }
    CHECK(l.count() == 1);  // b's row is gone, a's is still there
    outer.commit();
  }
  CHECK(l.count() == 1);
}

TEST_CASE("rolling back the caller's transaction undoes its committed savepoints") {
  Ledger l;
  {
    Transaction outer(l.db);
    Transaction a(l.db);
    l.db.exec("INSERT INTO t VALUES (1)");
    a.commit();
  }
  CHECK(l.count() == 0);
}
