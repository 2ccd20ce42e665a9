// Posting a draft is all or nothing: a failure after the Lent accounts and the
// transaction row were written rolls everything back and leaves the draft pending.
#include <doctest/doctest.h>
#include "app/call_store.h"

#include "ledger/doctor.h"
#include "test_fixture.h"

using tally::mcp::json;
using tally::ledger::testing::TempLedger;

namespace {
std::int64_t count_rows(TempLedger& l, const char* sql) { return l.db().execAndGet(sql).getInt64(); }
}  // namespace

TEST_CASE("a failure while writing the postings leaves no trace and the draft pending") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  std::string bob = l.ok("ledger_create_person", R"({"name":"Bob"})")["id"];
  json draft = l.ok("extrack_create_split_expense_draft",
                    json{{"title", "Dinner"}, {"date", "2026-03-14"}, {"accountId", bank}, {"totalAmount", "90.00"},
                         {"allocations", {{{"personId", alice}, {"amount", "30"}}, {{"personId", bob}, {"amount", "30.01"}}}}}
                        .dump());
  // The last posting (Bob's 30.01) fails inside SQLite, after the Lent accounts,
  // the category account, the transaction row and three postings were written.
  l.db().exec("CREATE TEMP TRIGGER fail_late BEFORE INSERT ON posting WHEN NEW.amount_minor = 3001 "
              "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  // An unexpected SQLite error becomes a tool error in words for people, never SQLite's own.
  json failed = l.call("extrack_post_transaction_draft", json{{"draftId", draft["id"]}}.dump());
  CHECK(failed.value("isError", false));
  CHECK(failed.dump().find("injected failure") == std::string::npos);
  CHECK(count_rows(l, "SELECT count(*) FROM posting") == 0);
  CHECK(count_rows(l, "SELECT count(*) FROM txn") == 0);
  CHECK(count_rows(l, "SELECT count(*) FROM account WHERE subtype = 'lent'") == 0);
  CHECK(count_rows(l, "SELECT count(*) FROM account_month") == 0);
  CHECK(l.ok("extrack_get_transaction_draft", json{{"draftId", draft["id"]}}.dump())["status"] == "pending");

  l.db().exec("DROP TRIGGER fail_late");
  json posted = l.ok("extrack_post_transaction_draft", json{{"draftId", draft["id"]}}.dump());
  CHECK(posted["transaction"]["postings"].size() == 4);
  CHECK(count_rows(l, "SELECT count(*) FROM account WHERE subtype = 'lent'") == 2);
  CHECK(tally::ledger::check_ledger(l.store()).empty());
}

TEST_CASE("a cancelled post leaves the draft pending") {
  TempLedger l;
  std::string bank = l.ok("ledger_create_account", R"({"name":"Bank","type":"asset"})")["id"];
  std::string alice = l.ok("ledger_create_person", R"({"name":"Alice"})")["id"];
  json draft = l.ok("extrack_create_lend_money_draft",
                    json{{"personId", alice}, {"accountId", bank}, {"amount", "5"}, {"date", "2026-03-01"}}.dump());
  class Cancelled final : public tally::mcp::CallContext {
   public:
    bool cancelled() const override { return true; }
    void progress(double, std::optional<double>, const std::string&) override {}
    void log(tally::mcp::LogLevel, const std::string&, const json&) override {}
    json request_client(const std::string&, json) override { return nullptr; }
    const json& client_capabilities() const override { return empty_; }
    const json& client_info() const override { return empty_; }

   private:
    json empty_ = json::object();
  } ctx;
  tally::app::StoreScope scope(l.runtime().store());
  ctx.scope = &scope;
  const auto* spec = l.runtime().registry().find("extrack_post_transaction_draft");
  std::string error;
  auto parsed = tally::mcp::parse_line(json{{"draftId", draft["id"]}}.dump(), error);
  CHECK_THROWS_AS(l.runtime().registry().call(*spec, parsed->value, parsed->decimals, "", ctx, tally::mcp::kLatestVersion),
                  tally::mcp::Cancelled);
  CHECK(count_rows(l, "SELECT count(*) FROM posting") == 0);
  CHECK(l.ok("extrack_get_transaction_draft", json{{"draftId", draft["id"]}}.dump())["status"] == "pending");
}
