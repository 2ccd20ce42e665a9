// ledger::post and ledger::ensure_account, the contract other toolsets post through.
#include <doctest/doctest.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "ledger/accounts.h"
#include "ledger/posting.h"
#include "test_fixture.h"

using namespace tally;
using namespace tally::ledger;
using ledger::testing::TempLedger;

namespace {

std::string post_error(store::Store& st, const TxnSpec& spec) {
  try {
    SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
    post(st, spec);
    tx.commit();
  } catch (const mcp::ToolError& e) {
    return e.what();
  }
  return "(posted)";
}

std::int64_t count(SQLite::Database& db, const char* table) {
  return db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
}

}  // namespace

TEST_CASE("post writes a balanced transaction and the running totals") {
  TempLedger l;
  auto& st = l.store();
  SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
  std::string bank = ensure_account(st, "Assets:Bank", AccountType::kAsset, "bank", "USD");
  std::string food = ensure_account(st, "Expenses:Food", AccountType::kExpense, "general", "USD");
  CHECK(ensure_account(st, "assets:BANK", AccountType::kAsset, "bank", "USD") == bank);
  std::string id = post(st, {.date = "2026-03-01", .description = "Lunch", .source = "test", .source_ref = "",
                             .reverses_txn_id = std::nullopt,
                             .postings = {{bank, -1250, "USD", ""}, {food, 1250, "USD", ""}}});
  tx.commit();
  CHECK(id.rfind("txn_", 0) == 0);
  CHECK(balance_minor(st, bank) == -1250);
  CHECK(balance_minor(st, food) == 1250);
  CHECK(count(st.db, "posting") == 2);
}

TEST_CASE("post refuses what breaks a rule, naming it") {
  TempLedger l;
  auto& st = l.store();
  std::string bank, food, eur;
  {
    SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
    bank = ensure_account(st, "Assets:Bank", AccountType::kAsset, "bank", "USD");
    food = ensure_account(st, "Expenses:Food", AccountType::kExpense, "general", "USD");
    eur = ensure_account(st, "Assets:Euro", AccountType::kAsset, "bank", "EUR");
    tx.commit();
  }
  auto spec = [](std::string date, std::vector<PostingSpec> p) {
    return TxnSpec{.date = date, .description = "x", .source = "test", .source_ref = "",
                   .reverses_txn_id = std::nullopt, .postings = std::move(p)};
  };
  CHECK(post_error(st, spec("2026-03-01", {{bank, -100, "USD", ""}, {food, 99, "USD", ""}})) ==
        "Postings do not balance: USD sums to -0.01 USD (each currency must sum to 0).");
  CHECK(post_error(st, spec("2025-02-29", {{bank, -100, "USD", ""}, {food, 100, "USD", ""}})) ==
        "date: \"2025-02-29\" is not a real calendar date (expected YYYY-MM-DD)");
  CHECK(post_error(st, spec("2026-03-01", {{bank, -100, "USD", ""}})) ==
        "A transaction needs at least 2 postings (got 1).");
  CHECK(post_error(st, spec("2026-03-01", {{bank, 0, "USD", ""}, {food, 0, "USD", ""}})) ==
        "posting 1: amount is zero (a posting must move money)");
  CHECK(post_error(st, spec("2026-03-01", {{bank, -100, "USD", ""}, {eur, 100, "USD", ""}})) ==
        "posting 2: currency USD differs from account \"Assets:Euro\" currency EUR");
  CHECK(post_error(st, spec("2026-03-01", {{bank, -100, "USD", ""}, {"acc_nope", 100, "USD", ""}})) ==
        "Account not found: posting 2 \"acc_nope\"");
  CHECK(count(st.db, "posting") == 0);
  CHECK(count(st.db, "txn") == 0);
}

TEST_CASE("accounts of another workspace are not found") {
  TempLedger l;
  auto other = l.open("business");
  std::string foreign;
  {
    auto& st = other->store();
    SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
    foreign = ensure_account(st, "Assets:Bank", AccountType::kAsset, "bank", "USD");
    tx.commit();
  }
  auto& st = l.store();
  std::string food;
  {
    SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
    food = ensure_account(st, "Expenses:Food", AccountType::kExpense, "general", "USD");
    tx.commit();
  }
  CHECK(post_error(st, {.date = "2026-03-01", .description = "x", .source = "test", .source_ref = "",
                        .reverses_txn_id = std::nullopt,
                        .postings = {{foreign, -5, "USD", ""}, {food, 5, "USD", ""}}}) ==
        "Account not found: posting 1 \"" + foreign + "\"");
}

TEST_CASE("postings are immutable in SQL") {
  TempLedger l;
  auto& st = l.store();
  SQLite::Transaction tx(st.db, SQLite::TransactionBehavior::IMMEDIATE);
  std::string bank = ensure_account(st, "Assets:Bank", AccountType::kAsset, "bank", "USD");
  std::string food = ensure_account(st, "Expenses:Food", AccountType::kExpense, "general", "USD");
  post(st, {.date = "2026-03-01", .description = "x", .source = "test", .source_ref = "",
            .reverses_txn_id = std::nullopt, .postings = {{bank, -5, "USD", ""}, {food, 5, "USD", ""}}});
  tx.commit();
  CHECK_THROWS_WITH(st.db.exec("UPDATE posting SET amount_minor = 6 WHERE amount_minor = 5"),
                    "postings are immutable: void the transaction and post a new one");
  CHECK_THROWS_WITH(st.db.exec("DELETE FROM posting"),
                    "postings are immutable: void the transaction and post a new one");
  CHECK_THROWS(st.db.exec("DELETE FROM txn"));
}
