// A property test: 1,000 random valid and invalid operations through the tool
// handlers on a real ledger file, then `doctor` is clean, the trial balance
// holds per currency (assets − liabilities = equity + income − expenses), every
// failed call wrote nothing, and every cash and Lent balance equals a model
// kept independently from the amounts the test itself sent.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "ledger/doctor.h"
#include "store/currency.h"
#include "store/money.h"
#include "test_fixture.h"

using tally::mcp::json;
using tally::ledger::testing::TempLedger;

namespace {

struct Acct {
  std::string id;
  std::string currency;
  int exponent;
};

struct Effect {  // what a draft does to the accounts the test can name
  std::map<std::string, std::int64_t> deltas;  // account id → minor
};

std::int64_t count_rows(TempLedger& l, const char* table) {
  return l.db().execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
}

}  // namespace

TEST_CASE("1,000 random operations keep every invariant") {
  TempLedger l;
  l.db().exec("PRAGMA synchronous=OFF");  // speed only: durability is not under test here
  std::mt19937_64 rng(20260315);
  auto pick = [&](auto& v) -> auto& { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(1, 100)(rng) <= percent; };
  auto amount_text = [&](const Acct& a, std::int64_t minor, bool malformed) {
    std::string text = tally::store::format_minor(minor, a.exponent);
    if (malformed) text += a.exponent == 0 ? ".5" : "7";  // one decimal too many
    return text;
  };

  std::vector<Acct> cash;
  auto add_account = [&](const char* name, const char* type, const char* currency) {
    json r = l.ok("ledger_create_account", json{{"name", name}, {"type", type}, {"currency", currency}}.dump());
    cash.push_back(Acct{r["id"], currency, tally::store::find_currency(currency)->exponent});
  };
  add_account("Bank", "asset", "USD");
  add_account("Card", "liability", "USD");
  add_account("Euro Bank", "asset", "EUR");
  add_account("Yen Wallet", "asset", "JPY");
  add_account("Kuwait", "asset", "KWD");
  add_account("Opening", "equity", "USD");
  std::vector<std::string> people;
  for (const char* n : {"Alice", "Bob", "Chloé", "Dmitri"})
    people.push_back(l.ok("ledger_create_person", json{{"name", n}}.dump())["id"]);
  for (const char* n : {"Food", "Rent"}) l.ok("ledger_create_category", json{{"name", n}, {"kind", "expense"}}.dump());
  l.ok("ledger_create_category", json{{"name", "Salary"}, {"kind", "income"}}.dump());

  std::map<std::string, std::int64_t> model;                  // cash account id → expected balance
  std::map<std::pair<std::string, std::string>, std::int64_t> owed;  // (person, currency) → expected Lent
  std::map<std::string, Effect> pending;                      // draft id → its effect when posted
  std::map<std::string, Effect> posted;                       // transaction id → its effect
  std::map<std::string, std::string> draft_currency;
  std::vector<std::string> drafts, transactions;
  int ok_calls = 0, failed_calls = 0;

  auto apply = [&](const Effect& e, int sign) {
    for (const auto& [k, v] : e.deltas) {
      if (k.rfind("lent:", 0) == 0) {
        auto bar = k.find('|');
        owed[{k.substr(5, bar - 5), k.substr(bar + 1)}] += sign * v;
      } else {
        model[k] += sign * v;
      }
    }
  };
  auto lent_key = [](const std::string& person, const std::string& currency) { return "lent:" + person + "|" + currency; };

  for (int op = 0; op < 1000; ++op) {
    const Acct& a = pick(cash);
    std::int64_t minor = std::uniform_int_distribution<std::int64_t>(-50, 200000)(rng);
    bool malformed = chance(8);
    std::string tool;
    json args;
    Effect effect;
    int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    std::string date = chance(3) ? "2026-02-30" : "2026-0" + std::to_string(1 + op % 3) + "-1" + std::to_string(op % 10);
    if (kind <= 1) {  // expense with IOUs
      tool = "extrack_create_transaction_draft";
      args = {{"type", "expense"}, {"title", "Expense " + std::to_string(op)}, {"date", date}, {"accountId", a.id},
              {"expenseAmount", amount_text(a, minor, malformed)}};
      if (chance(50)) args["categoryName"] = chance(90) ? "food" : "Nonexistent";
      json splits = json::array();
      int n = std::uniform_int_distribution<int>(0, 2)(rng);
      for (int i = 0; i < n; ++i) {
        std::int64_t share = std::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(1, minor / 2))(rng);
        const std::string& p = people[static_cast<std::size_t>(i)];
        splits.push_back({{"personId", p}, {"amount", amount_text(a, share, false)}});
        effect.deltas[lent_key(p, a.currency)] += share;
      }
      if (n) args["splits"] = splits;
      effect.deltas[a.id] -= minor;
    } else if (kind == 2) {  // even split
      tool = "extrack_create_split_expense_draft";
      bool me = chance(70);
      args = {{"title", "Split " + std::to_string(op)}, {"date", date}, {"accountId", a.id},
              {"totalAmount", amount_text(a, minor, malformed)},
              {"splitEvenly", {{"personIds", {people[0], people[1]}}, {"includeMe", me}}}};
      std::vector<std::int64_t> shares = me ? std::vector<std::int64_t>(2, minor > 0 ? minor / 3 : 0)
                                            : tally::store::split_evenly(std::max<std::int64_t>(minor, 0), 2);
      effect.deltas[lent_key(people[0], a.currency)] += shares[0];
      effect.deltas[lent_key(people[1], a.currency)] += shares[1];
      effect.deltas[a.id] -= minor;
    } else if (kind == 3) {  // income
      tool = "extrack_create_transaction_draft";
      args = {{"type", "income"}, {"title", "Income " + std::to_string(op)}, {"date", date}, {"accountId", a.id},
              {"incomeAmount", amount_text(a, minor, malformed)}};
      if (chance(50)) args["categoryName"] = "Salary";
      effect.deltas[a.id] += minor;
    } else if (kind == 4) {  // transfer, sometimes across currencies
      const Acct& b = pick(cash);
      tool = "extrack_create_transaction_draft";
      args = {{"type", "transfer"}, {"title", "Transfer " + std::to_string(op)}, {"date", date},
              {"debitAccountId", b.id}, {"creditAccountId", a.id}, {"expenseAmount", amount_text(a, minor, malformed)}};
      effect.deltas[b.id] += minor;
      effect.deltas[a.id] -= minor;
    } else if (kind == 5) {  // lend or repay
      const std::string& p = pick(people);
      bool lend = chance(55);
      bool allow = chance(30);
      tool = lend ? "extrack_create_lend_money_draft" : "extrack_create_repayment_draft";
      args = {{"personId", chance(3) ? "per_unknown" : p}, {"accountId", a.id}, {"amount", amount_text(a, minor, malformed)},
              {"date", date}};
      if (!lend && allow) args["allowOverpayment"] = true;
      effect.deltas[a.id] += lend ? -minor : minor;
      effect.deltas[lent_key(p, a.currency)] += lend ? minor : -minor;
    } else if (kind <= 7 && !drafts.empty()) {  // post (sometimes again, sometimes a bogus id)
      tool = "extrack_post_transaction_draft";
      std::string id = chance(5) ? "drf_bogus" : pick(drafts);
      args = {{"draftId", id}};
      if (chance(20)) args["allowOverpayment"] = true;
    } else if (kind == 8 && !drafts.empty()) {
      tool = "extrack_delete_transaction_draft";
      args = {{"draftId", pick(drafts)}};
    } else if (!transactions.empty()) {
      tool = chance(80) ? "ledger_void_transaction" : "ledger_close_account";
      if (tool == "ledger_void_transaction") args = {{"transactionId", pick(transactions)}};
      else args = {{"accountId", a.id}};
    } else {
      continue;
    }

    std::int64_t postings_before = count_rows(l, "posting");
    std::int64_t accounts_before = count_rows(l, "account");
    std::int64_t drafts_before = count_rows(l, "txn_draft");
    json r = l.call(tool, args.dump());
    if (r.value("isError", false)) {
      ++failed_calls;
      INFO(tool << " " << args.dump() << " → " << r["content"][0]["text"]);
      CHECK(count_rows(l, "posting") == postings_before);
      CHECK(count_rows(l, "account") == accounts_before);
      CHECK(count_rows(l, "txn_draft") == drafts_before);
      continue;
    }
    ++ok_calls;
    json out = r["structuredContent"];
    if (tool.find("_create_") != std::string::npos && tool.rfind("extrack_", 0) == 0) {
      pending[out["id"]] = effect;
      drafts.push_back(out["id"]);
    } else if (tool == "extrack_post_transaction_draft") {
      std::string draft = args["draftId"], txn = out["transactionId"];
      if (!out["alreadyPosted"].get<bool>()) {
        REQUIRE(pending.count(draft));
        posted[txn] = pending[draft];
        apply(pending[draft], +1);
        pending.erase(draft);
        transactions.push_back(txn);
      } else {
        CHECK(posted.count(txn));
      }
    } else if (tool == "extrack_delete_transaction_draft") {
      pending.erase(args["draftId"].get<std::string>());
    } else if (tool == "ledger_void_transaction") {
      apply(posted.at(args["transactionId"]), -1);
    }
    // Drop ids that no longer name a pending draft from the pool now and then.
    if (op % 50 == 0)
      std::erase_if(drafts, [&](const std::string& id) { return !pending.count(id) && !chance(10); });
  }
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

  // Cash and Lent balances equal the independent model.
  for (const auto& acc : balances["accounts"]) {
    std::string id = acc["id"];
    std::int64_t raw = acc["balance"]["amountMinor"];
    if (acc["type"] == "liability" || acc["type"] == "equity") raw = -raw;
    if (acc["subtype"] == "lent") {
      INFO(acc.dump());
      CHECK(raw == owed[{acc["personId"].get<std::string>(), acc["currency"].get<std::string>()}]);
    } else if (acc["type"] != "income" && acc["type"] != "expense") {
      INFO(acc.dump());
      CHECK(raw == model[id]);
    }
  }
}
