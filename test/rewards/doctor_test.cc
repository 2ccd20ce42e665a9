// `tally doctor` for rewards on a real ledger file: clean after tool writes,
// and it names a card whose balance drifted from its transactions.
#include "rewards/doctor.h"
#include "app/call_store.h"

#include <filesystem>

#include <unistd.h>

#include <doctest/doctest.h>

#include "app/runtime.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace {

using tally::mcp::json;

class QuietContext final : public tally::mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(tally::mcp::LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string&, json) override { return nullptr; }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return empty_; }

 private:
  json empty_ = json::object();
};

json call(tally::app::Runtime& rt, const std::string& tool, const json& args) {
  QuietContext ctx;
  tally::app::StoreScope scope(rt.store());
  ctx.scope = &scope;
  json r = rt.registry().call(*rt.registry().find(tool), args, tally::mcp::DecimalLexemes{}, "", ctx,
                              tally::mcp::kLatestVersion);
  REQUIRE_MESSAGE(!r.value("isError", false), r.dump());
  return r["structuredContent"];
}

}  // namespace

TEST_CASE("doctor checks each card's balance against its earn minus redeem rows") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tally-rewards-doctor-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    tally::app::RuntimeOptions options;
    options.db_path = (dir / "ledger.db").string();
    options.toolsets = "rewards";
    tally::app::Runtime rt(options);
    json card = call(rt, "rewards_add_card", {{"cardKey", "chase-sapphire-preferred"}, {"openingBalance", "1000"}});
    json cash = call(rt, "rewards_add_card", {{"cardKey", "citi-double-cash"}, {"openingBalance", "5.00"}});
    call(rt, "log_transaction", {{"cardId", card["id"]}, {"type", "redeem"}, {"unit", "points"}, {"amount", "400"}});
    call(rt, "log_transaction", {{"cardId", cash["id"]}, {"type", "earn"}, {"unit", "cashback"}, {"amount", "1.25"}});
    CHECK(tally::rewards::check_invariants(rt.store()).empty());

    rt.db().exec("UPDATE card SET current_points = 601 WHERE id = '" + card["id"].get<std::string>() + "'");
    auto problems = tally::rewards::check_invariants(rt.store());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "card " + card["id"].get<std::string>() +
                            " (Sapphire Preferred) has a points balance of 601 but its earn minus redeem "
                            "transactions sum to 600");

    // The rows themselves cannot be edited to hide a drift.
    CHECK_THROWS(rt.db().exec("UPDATE reward_txn SET amount = 1"));
    CHECK_THROWS(rt.db().exec("DELETE FROM reward_txn"));
  }
  fs::remove_all(dir);
}
