#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "store/sqlite_error.h"

using tally::store::describe_error;
using tally::store::describe_sqlite_error;
using tally::store::is_busy;

namespace {

/// The message for what `sql` throws on `db`.
std::string message_of(SQLite::Database& db, const std::string& sql) {
  try {
    db.exec(sql);
  } catch (const SQLite::Exception& e) {
    return describe_sqlite_error(e);
  }
  FAIL("no error from " << sql);
  return "";
}

}  // namespace

TEST_CASE("constraint failures say what happened and never quote SQLite") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys=ON");
  db.exec(
      "CREATE TABLE account (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n > "
      "0))");
  db.exec("CREATE TABLE posting (account TEXT REFERENCES account (id))");
  db.exec("INSERT INTO account VALUES ('a', 'Cash', 1)");

  std::string unique = message_of(db, "INSERT INTO account VALUES ('b', 'Cash', 1)");
  CHECK(
      unique ==
      "a record with the same key of account (name) already exists, so nothing was saved. If this "
      "repeats a request that already succeeded, there is nothing to do; otherwise change the "
      "value "
      "that must be unique (SQLite error 2067)");
  CHECK(message_of(db, "INSERT INTO account VALUES ('a', 'Other', 1)")
            .starts_with("a record with the same key of account (id)"));
  CHECK(message_of(db, "INSERT INTO account VALUES ('c', NULL, 1)")
            .starts_with("a required value of account (name) is missing"));
  CHECK(message_of(db, "INSERT INTO account VALUES ('d', 'D', 0)")
            .starts_with("a value is outside what the ledger allows"));
  CHECK(message_of(db, "INSERT INTO posting VALUES ('zzz')")
            .starts_with("the change refers to a record that does not exist"));
  for (const char* sql : {"INSERT INTO account VALUES ('b', 'Cash', 1)",
                          "INSERT INTO account VALUES ('c', NULL, 1)"}) {
    std::string m = message_of(db, sql);
    CHECK(m.find("constraint failed") == std::string::npos);
  }
}

TEST_CASE("a write behind another connection's lock is 'busy', with what to do") {
  auto path =
      std::filesystem::temp_directory_path() / ("tally-busy-" + std::to_string(::getpid()) + ".db");
  {
    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("CREATE TABLE t (v INTEGER)");
    holder.exec("BEGIN IMMEDIATE");
    SQLite::Database writer(path.string(), SQLite::OPEN_READWRITE);
    try {
      writer.exec("INSERT INTO t VALUES (1)");
      FAIL("the write went through a held lock");
    } catch (const SQLite::Exception& e) {
      CHECK(is_busy(e));
      CHECK(describe_sqlite_error(e) ==
            "the ledger is busy: another Tally process (an import, a backup or another server) is "
            "writing to it; "
            "retry when it finishes (SQLite error 5)");
      CHECK(describe_error(e) == describe_sqlite_error(e));
    }
    holder.exec("ROLLBACK");
  }
  std::filesystem::remove(path);
}

TEST_CASE("describe_error passes other exceptions' own text through") {
  std::runtime_error plain("the file is empty");
  CHECK(describe_error(plain) == "the file is empty");
}
