#pragma once
// The property test's generator: random valid and invalid operations through
// the tool handlers (drafts of every kind, posts, re-posts, deletes, voids,
// closes) on a real ledger, in several currencies, with a model of every cash
// and Lent balance kept from the amounts the test itself sent. Every refused
// call is checked to have written nothing. Shared by the invariant test and
// the report tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "store/currency.h"
#include "store/money.h"
#include "test_fixture.h"

namespace tally::ledger::testing {

struct Acct {
  std::string id;
  std::string currency;
  int exponent;
};

struct Effect {  // what a draft does to the accounts the test can name
  std::map<std::string, std::int64_t> deltas;  // account id → minor
};

inline std::int64_t count_rows(TempLedger& l, const char* table) {
  return l.db().execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
}

struct RandomLedger {
  std::vector<Acct> cash;
  std::vector<std::string> people;
  std::map<std::string, std::int64_t> model;  // cash account id → expected balance
  std::map<std::pair<std::string, std::string>, std::int64_t>
      owed;  // (person, currency) → expected Lent
  std::vector<std::string> transactions;
  int ok_calls = 0, failed_calls = 0;
};

/// Runs `ops` random operations (dates in 2026-01 … 2026-03, some invalid) on `l`.
inline RandomLedger random_ledger(TempLedger& l, std::uint64_t seed = 20260315, int ops = 1000) {
  using mcp::json;
  RandomLedger out;
  std::mt19937_64 rng(seed);
  auto pick = [&](auto& v) -> auto& {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  auto chance = [&](int percent) {
    return std::uniform_int_distribution<int>(1, 100)(rng) <= percent;
  };
  auto amount_text = [&](const Acct& a, std::int64_t minor, bool malformed) {
    std::string text = tally::store::format_minor(minor, a.exponent);
    if (malformed) text += a.exponent == 0 ? ".5" : "7";  // one decimal too many
    return text;
  };

  std::vector<Acct> cash;
  auto add_account = [&](const char* name, const char* type, const char* subtype,
                         const char* currency) {
    json r = l.ok(
        "ledger_create_account",
        json{{"name", name}, {"type", type}, {"subtype", subtype}, {"currency", currency}}.dump());
    cash.push_back(Acct{r["id"], currency, tally::store::find_currency(currency)->exponent});
  };
  add_account("Bank", "asset", "bank", "USD");
  add_account("Card", "liability", "credit_card", "USD");
  add_account("Euro Bank", "asset", "bank", "EUR");
  add_account("Yen Wallet", "asset", "wallet", "JPY");
  add_account("Kuwait", "asset", "savings", "KWD");
  add_account("Opening", "equity", "opening", "USD");
  std::vector<std::string> people;
  for (const char* n : {"Alice", "Bob", "Chloé", "Dmitri"})
    people.push_back(l.ok("ledger_create_person", json{{"name", n}}.dump())["id"]);
  for (const char* n : {"Food", "Rent"})
    l.ok("ledger_create_category", json{{"name", n}, {"kind", "expense"}}.dump());
  l.ok("ledger_create_category", json{{"name", "Salary"}, {"kind", "income"}}.dump());

  std::map<std::string, std::int64_t> model;  // cash account id → expected balance
  std::map<std::pair<std::string, std::string>, std::int64_t>
      owed;                               // (person, currency) → expected Lent
  std::map<std::string, Effect> pending;  // draft id → its effect when posted
  std::map<std::string, Effect> posted;   // transaction id → its effect
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
  auto lent_key = [](const std::string& person, const std::string& currency) {
    return "lent:" + person + "|" + currency;
  };

  for (int op = 0; op < ops; ++op) {
    const Acct& a = pick(cash);
    std::int64_t minor = std::uniform_int_distribution<std::int64_t>(-50, 200000)(rng);
    bool malformed = chance(8);
    std::string tool;
    json args;
    Effect effect;
    int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    std::string date = chance(3)
                           ? "2026-02-30"
                           : "2026-0" + std::to_string(1 + op % 3) + "-1" + std::to_string(op % 10);
    if (kind <= 1) {  // expense with IOUs
      tool = "extrack_create_transaction_draft";
      args = {{"type", "expense"},
              {"title", "Expense " + std::to_string(op)},
              {"date", date},
              {"accountId", a.id},
              {"expenseAmount", amount_text(a, minor, malformed)}};
      if (chance(50)) args["categoryName"] = chance(90) ? "food" : "Nonexistent";
      json splits = json::array();
      int n = std::uniform_int_distribution<int>(0, 2)(rng);
      for (int i = 0; i < n; ++i) {
        std::int64_t share = std::uniform_int_distribution<std::int64_t>(
            0, std::max<std::int64_t>(1, minor / 2))(rng);
        const std::string& p = people[static_cast<std::size_t>(i)];
        splits.push_back({{"personId", p}, {"amount", amount_text(a, share, false)}});
        effect.deltas[lent_key(p, a.currency)] += share;
      }
      if (n) args["splits"] = splits;
      effect.deltas[a.id] -= minor;
    } else if (kind == 2) {  // even split
      tool = "extrack_create_split_expense_draft";
      bool me = chance(70);
      args = {{"title", "Split " + std::to_string(op)},
              {"date", date},
              {"accountId", a.id},
              {"totalAmount", amount_text(a, minor, malformed)},
              {"splitEvenly", {{"personIds", {people[0], people[1]}}, {"includeMe", me}}}};
      std::vector<std::int64_t> shares =
          me ? std::vector<std::int64_t>(2, minor > 0 ? minor / 3 : 0)
             : tally::store::split_evenly(std::max<std::int64_t>(minor, 0), 2);
      effect.deltas[lent_key(people[0], a.currency)] += shares[0];
      effect.deltas[lent_key(people[1], a.currency)] += shares[1];
      effect.deltas[a.id] -= minor;
    } else if (kind == 3) {  // income
      tool = "extrack_create_transaction_draft";
      args = {{"type", "income"},
              {"title", "Income " + std::to_string(op)},
              {"date", date},
              {"accountId", a.id},
              {"incomeAmount", amount_text(a, minor, malformed)}};
      if (chance(50)) args["categoryName"] = "Salary";
      effect.deltas[a.id] += minor;
    } else if (kind == 4) {  // transfer, sometimes across currencies
      const Acct& b = pick(cash);
      tool = "extrack_create_transaction_draft";
      args = {{"type", "transfer"},
              {"title", "Transfer " + std::to_string(op)},
              {"date", date},
              {"debitAccountId", b.id},
              {"creditAccountId", a.id},
              {"expenseAmount", amount_text(a, minor, malformed)}};
      effect.deltas[a.id] -= minor;
      if (b.currency != a.currency && chance(70)) {
        // Issue 20: across currencies with both amounts, through the trading accounts.
        std::int64_t in = std::uniform_int_distribution<std::int64_t>(-5, 200000)(rng);
        args["incomeAmount"] = amount_text(b, in, false);
        effect.deltas[b.id] += in;
      } else {
        effect.deltas[b.id] += minor;
      }
    } else if (kind == 5) {  // lend or repay
      const std::string& p = pick(people);
      bool lend = chance(55);
      bool allow = chance(30);
      tool = lend ? "extrack_create_lend_money_draft" : "extrack_create_repayment_draft";
      args = {{"personId", chance(3) ? "per_unknown" : p},
              {"accountId", a.id},
              {"amount", amount_text(a, minor, malformed)},
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
      if (tool == "ledger_void_transaction")
        args = {{"transactionId", pick(transactions)}};
      else
        args = {{"accountId", a.id}};
    } else {
      continue;
    }

    std::int64_t postings_before = count_rows(l, "posting");
    std::int64_t accounts_before = count_rows(l, "account");
    std::int64_t drafts_before = count_rows(l, "txn_draft");
    std::int64_t closed_before = count_rows(l, "account WHERE closed_on IS NOT NULL");
    std::int64_t audits_before = count_rows(l, "ledger_audit");
    json r = l.call(tool, args.dump());
    if (r.value("isError", false)) {
      ++failed_calls;
      INFO(tool << " " << args.dump() << " → " << r["content"][0]["text"]);
      CHECK(count_rows(l, "posting") == postings_before);
      CHECK(count_rows(l, "account") == accounts_before);
      CHECK(count_rows(l, "txn_draft") == drafts_before);
      CHECK(count_rows(l, "ledger_audit") == audits_before);  // a refused call is not in the audit log
      continue;
    }
    ++ok_calls;
    json out = r["structuredContent"];
    {
      // Issue 21: every write has exactly one audit row, naming the tool and its ids;
      // a call that changed nothing (a draft posted before, a closed account) has none.
      const bool wrote = count_rows(l, "posting") != postings_before || count_rows(l, "account") != accounts_before ||
                         count_rows(l, "txn_draft") != drafts_before ||
                         count_rows(l, "account WHERE closed_on IS NOT NULL") != closed_before;
      INFO(tool << " " << args.dump() << " → " << out.dump());
      REQUIRE(count_rows(l, "ledger_audit") == audits_before + (wrote ? 1 : 0));
      if (wrote) {
        json entry = l.ok("ledger_audit_log", R"({"limit":1})")["entries"][0];
        CHECK(entry["action"] == tool);
        std::vector<std::string> named;
        for (const char* key : {"draftId", "transactionId", "accountId"})
          if (args.contains(key)) named.push_back(args[key]);
        if (out.contains("transactionId")) named.push_back(out["transactionId"]);
        if (tool.find("_create_") != std::string::npos) named.push_back(out["id"]);
        for (const auto& id : named)
          CHECK(std::find(entry["ids"].begin(), entry["ids"].end(), json(id)) != entry["ids"].end());
      }
    }
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
      std::erase_if(drafts,
                    [&](const std::string& id) { return !pending.count(id) && !chance(10); });
  }
  out.ok_calls = ok_calls;
  out.failed_calls = failed_calls;
  out.transactions = transactions;
  out.model = model;
  out.owed = owed;
  out.cash = cash;
  out.people = people;
  return out;
}

}  // namespace tally::ledger::testing
