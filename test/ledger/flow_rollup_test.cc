// The flow rollup (flow_day, flow_month) against the postings (issue 19's
// speed): on random ledgers (drafts of every kind, voids, several currencies)
// doctor finds the rollup equal to a recomputation, the reports read from it
// (spending by payee, the cash basis, the cash flow) equal the same reports
// computed straight from the postings, on whole and partial months, and the
// migration's backfill writes exactly what ledger::post kept.
#include <doctest/doctest.h>

#include <map>

#include "ledger/doctor.h"
#include "ledger/flow_rollup.h"
#include "ledger/period_totals.h"
#include "ledger/spend_rollup.h"
#include "random_ledger.h"

using tally::ledger::testing::random_ledger;
using tally::ledger::testing::TempLedger;
using tally::mcp::json;

namespace {

const char* kCash = "('bank', 'cash', 'wallet', 'savings', 'credit_card')";

std::int64_t minor(const json& money) {
  return money["amountMinor"].get<std::int64_t>();
}

// Spending per (currency, payee) → month → sum, straight from the postings.
using PayeeMonths =
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>>;
PayeeMonths payees_from_postings(TempLedger& l, const std::string& from, const std::string& to,
                                 bool cash) {
  std::string accounts =
      cash ? "(a.type = 'expense' OR a.subtype IN ('payable', 'tax'))" : "a.type = 'expense'";
  std::string through_cash =
      cash ? std::string(
                 " AND EXISTS (SELECT 1 FROM posting x JOIN account b ON b.seq = "
                 "x.account_seq WHERE x.txn_seq = t.seq AND b.subtype IN ") +
                 kCash + ")"
           : "";
  SQLite::Statement q(l.db(),
                      "SELECT p.currency, coalesce(nullif(t.payee, ''), t.description), "
                      "substr(t.date, 1, 7), sum(p.amount_minor) FROM txn t JOIN posting p ON "
                      "p.txn_seq = t.seq JOIN account a ON a.seq = p.account_seq WHERE t.date "
                      "BETWEEN ? AND ? AND " +
                          accounts + through_cash + " GROUP BY 1, 2, 3");
  q.bind(1, from);
  q.bind(2, to);
  PayeeMonths out;
  while (q.executeStep())
    if (q.getColumn(3).getInt64() != 0)
      out[{q.getColumn(0).getString(), q.getColumn(1).getString()}][q.getColumn(2).getString()] =
          q.getColumn(3).getInt64();
  return out;
}

// The cash basis per account, straight from the postings.
std::map<std::int64_t, std::int64_t> cash_basis_from_postings(TempLedger& l,
                                                              const std::string& from,
                                                              const std::string& to) {
  SQLite::Statement q(
      l.db(),
      std::string("SELECT a.seq, sum(p.amount_minor) FROM txn t JOIN posting p ON p.txn_seq = "
                  "t.seq JOIN account a ON a.seq = p.account_seq WHERE t.date BETWEEN ? AND ? AND "
                  "(a.type IN ('income', 'expense') OR a.subtype IN ('receivable', 'payable', "
                  "'tax')) AND EXISTS (SELECT 1 FROM posting x JOIN account b ON b.seq = "
                  "x.account_seq WHERE x.txn_seq = t.seq AND b.subtype IN ") +
          kCash + ") GROUP BY a.seq");
  q.bind(1, from);
  q.bind(2, to);
  std::map<std::int64_t, std::int64_t> out;
  while (q.executeStep())
    if (q.getColumn(1).getInt64() != 0) out[q.getColumn(0).getInt64()] = q.getColumn(1).getInt64();
  return out;
}

// The cash flow, straight from the postings: (currency, month or category) → {in, out}.
using Flows = std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>>;
std::pair<Flows, Flows> cash_flow_from_postings(TempLedger& l, const std::string& from,
                                                const std::string& to) {
  SQLite::Statement q(
      l.db(),
      std::string("SELECT substr(t.date, 1, 7), p.currency, a.type, a.subtype, "
                  "coalesce(c.name, a.name), -p.amount_minor FROM txn t JOIN posting p ON "
                  "p.txn_seq = t.seq JOIN account a ON a.seq = p.account_seq LEFT JOIN category c "
                  "ON c.id = a.category_id WHERE t.date BETWEEN ? AND ? AND a.subtype NOT IN ") +
          kCash +
          " AND EXISTS (SELECT 1 FROM posting x JOIN account b ON b.seq = x.account_seq WHERE "
          "x.txn_seq = t.seq AND b.subtype IN " +
          kCash + ")");
  q.bind(1, from);
  q.bind(2, to);
  Flows months, categories;
  while (q.executeStep()) {
    std::string code = q.getColumn(1).getString(), type = q.getColumn(2).getString();
    std::string name = type == "income" || type == "expense" ? q.getColumn(4).getString()
                       : q.getColumn(3).getString() == "lent"
                           ? "Lending: " + q.getColumn(4).getString()
                           : q.getColumn(4).getString();
    std::int64_t v = q.getColumn(5).getInt64();
    for (auto* f : {&months[{code, q.getColumn(0).getString()}], &categories[{code, name}]})
      (v > 0 ? f->first : f->second) += v > 0 ? v : -v;
  }
  return {months, categories};
}

std::string rows_of(TempLedger& l, const char* table) {
  SQLite::Statement q(l.db(), std::string("SELECT * FROM ") + table + " ORDER BY 1, 2, 3, 4");
  std::string out;
  while (q.executeStep()) {
    for (int i = 0; i < q.getColumnCount(); ++i) out += q.getColumn(i).getString() + "|";
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("reports from the flow rollup equal reports from the postings on random ledgers") {
  for (std::uint64_t seed : {11u, 2026u}) {
    TempLedger l;
    l.db().exec("PRAGMA synchronous=OFF");  // speed only
    random_ledger(l, seed);
    CAPTURE(seed);
    CHECK(tally::ledger::check_ledger(l.store()).empty());
    CHECK(l.db().execAndGet("SELECT count(*) FROM flow_day").getInt64() > 0);

    for (const auto& r :
         std::vector<std::pair<std::string, std::string>>{{"2026-01-01", "2026-01-31"},
                                                          {"2026-01-01", "2026-03-31"},
                                                          {"2026-01-14", "2026-03-12"},
                                                          {"2026-02-10", "2026-02-10"},
                                                          {"2026-02-03", "2026-03-31"},
                                                          {"2025-12-01", "2026-12-31"}}) {
      const std::string& from = r.first;  // named, not bound: clang 14 captures no bindings
      const std::string& to = r.second;
      CAPTURE(from);
      CAPTURE(to);
      json range{{"startDate", from}, {"endDate", to}};

      for (bool cash : {false, true}) {
        CAPTURE(cash);
        json args = range;
        args["groupBy"] = "payee";
        args["perMonth"] = true;
        args["limit"] = 100;
        args["basis"] = cash ? "cash" : "accrual";
        json sb = l.ok("ledger_spending_by", args.dump());
        PayeeMonths expected = payees_from_postings(l, from, to, cash);
        std::map<std::string, std::size_t> groups;
        for (const auto& [key, months] : expected) {
          std::int64_t total = 0;
          for (const auto& [m, v] : months) total += v;
          if (total != 0) ++groups[key.first];
        }
        for (const auto& c : sb["currencies"]) {
          std::string code = c["currency"];
          std::size_t listed = c["groups"].size();
          std::int64_t other = c.contains("other") ? minor(c["other"]["amount"]) : 0;
          for (const auto& g : c["groups"]) {
            auto& want = expected[{code, g["name"].get<std::string>()}];
            std::map<std::string, std::int64_t> got;
            for (const auto& m : g["months"]) got[m["month"]] = minor(m["amount"]);
            CHECK(got == want);
            want.clear();  // counted
          }
          std::int64_t unlisted = 0;
          for (const auto& [key, months] : expected)
            if (key.first == code)
              for (const auto& [m, v] : months) unlisted += v;
          CHECK(other == unlisted);
          CHECK(listed + (c.contains("other") ? c["other"]["groups"].get<std::size_t>() : 0) ==
                groups[code]);
        }
      }

      std::map<std::int64_t, std::int64_t> got;
      for (const auto& a : tally::ledger::cash_basis_sums(l.store(), from, to)) got[a.seq] = a.net;
      CHECK(got == cash_basis_from_postings(l, from, to));

      json cf = l.ok("ledger_cash_flow", range.dump());
      auto [months, categories] = cash_flow_from_postings(l, from, to);
      Flows got_months, got_categories;
      for (const auto& c : cf["currencies"]) {
        std::string code = c["currency"];
        for (const auto& m : c["months"])
          got_months[{code, m["month"]}] = {minor(m["moneyIn"]), minor(m["moneyOut"])};
        for (const auto& g : c["categories"])
          got_categories[{code, g["category"]}] = {minor(g["moneyIn"]), minor(g["moneyOut"])};
      }
      CHECK(got_months == months);
      CHECK(got_categories == categories);
    }

    // The migration's backfill writes what ledger::post kept: drop the rollup
    // and run the migration again on the same postings (then drop the triggers
    // it makes, as migration 12 does).
    std::string day = rows_of(l, "flow_day"), month = rows_of(l, "flow_month");
    l.db().exec(
        "DROP TABLE flow_day; "
        "DROP TABLE flow_month; DROP INDEX posting_amount_range; DROP INDEX "
        "posting_amount_newest; CREATE INDEX posting_amount ON posting (currency, amount_minor) "
        "WHERE amount_minor > 0;");
    l.db().exec(tally::ledger::flow_rollup_migration().sql);
    l.db().exec("DROP TRIGGER flow_posting; DROP TRIGGER flow_cash_posting;");
    CHECK(rows_of(l, "flow_day") == day);
    CHECK(rows_of(l, "flow_month") == month);
    CHECK(tally::ledger::check_ledger(l.store()).empty());
  }
}

TEST_CASE("doctor names a flow rollup that differs from the postings") {
  TempLedger l;
  random_ledger(l, 5, 200);
  auto found = [&](const char* prefix) {
    for (const auto& p : tally::ledger::check_ledger(l.store()))
      if (p.find(prefix) == 0) return true;
    return false;
  };
  CHECK_FALSE(found("flow rollup"));
  // flow_day off by one cent (its trigger carries the change into flow_month).
  l.db().exec(
      "UPDATE flow_day SET cash_debit_minor = cash_debit_minor + 1 WHERE (ws, date, "
      "account_seq, payee) = (SELECT ws, date, account_seq, payee FROM flow_day LIMIT 1)");
  CHECK(found("flow rollup (flow_day)"));
  CHECK_FALSE(found("flow rollup (flow_month)"));
  l.db().exec(
      "UPDATE flow_month SET net_minor = net_minor + 1 WHERE (ws, month, account_seq, "
      "payee) = (SELECT ws, month, account_seq, payee FROM flow_month LIMIT 1)");
  CHECK(found("flow rollup (flow_month)"));
}

namespace {

// Spending by the paying account, tag or person per (currency, name) → month
// → sum, straight from the transactions and postings (the reports' query
// before the spending rollup).
PayeeMonths keyed_from_postings(TempLedger& l, const std::string& group_by, const std::string& from,
                                const std::string& to, bool cash) {
  std::string key, join;
  if (group_by == "account") {
    key =
        "coalesce((SELECT b.name FROM posting q JOIN account b ON b.seq = q.account_seq "
        "WHERE q.txn_seq = t.seq AND b.type IN ('asset', 'liability') AND b.subtype <> 'lent' "
        "AND (q.amount_minor < 0) = (p.amount_minor > 0) ORDER BY q.id LIMIT 1), '(no account)')";
  } else if (group_by == "tag") {
    key = "coalesce(g.tag_fold, '(no tag)')";
    join = " LEFT JOIN txn_tag g ON g.txn_seq = t.seq";
  } else {
    key = "coalesce(pe.name, '(no one)')";
    join =
        " LEFT JOIN (SELECT DISTINCT q.txn_seq AS txn_seq, b.person_id AS person_id FROM posting q "
        "JOIN account b ON b.seq = q.account_seq WHERE b.subtype = 'lent') s ON s.txn_seq = t.seq "
        "LEFT JOIN person pe ON pe.id = s.person_id";
  }
  SQLite::Statement q(
      l.db(),
      "SELECT p.currency, " + key +
          ", substr(t.date, 1, 7), sum(p.amount_minor) FROM txn t JOIN posting p ON "
          "p.txn_seq = t.seq JOIN account a ON a.seq = p.account_seq" +
          join + " WHERE t.date BETWEEN ? AND ? AND " +
          (cash ? std::string("(a.type = 'expense' OR a.subtype IN ('payable', 'tax')) AND EXISTS "
                              "(SELECT 1 FROM posting x JOIN account b ON b.seq = x.account_seq "
                              "WHERE x.txn_seq = t.seq AND b.subtype IN ") +
                      kCash + ")"
                : std::string("a.type = 'expense'")) +
          " GROUP BY 1, 2, 3");
  q.bind(1, from);
  q.bind(2, to);
  PayeeMonths out;
  while (q.executeStep())
    if (q.getColumn(3).getInt64() != 0)
      out[{q.getColumn(0).getString(), q.getColumn(1).getString()}][q.getColumn(2).getString()] =
          q.getColumn(3).getInt64();
  return out;
}

// Tags on about a third of the transactions, some removed again, some
// transactions with two: the tag rows change without postings.
void tag_some(TempLedger& l, std::uint64_t seed) {
  std::vector<std::string> ids;
  SQLite::Statement q(l.db(), "SELECT id FROM txn ORDER BY seq");
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  const char* tags[] = {"trip", "work", "home:garden", "gift"};
  std::uint64_t r = seed;
  auto next = [&r] { return (r = r * 6364136223846793005u + 1442695040888963407u) >> 33; };
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (next() % 3 != 0) continue;
    std::string tag = tags[next() % 4];
    l.ok("ledger_tag_transaction", json{{"transactionId", ids[i]}, {"tag", tag}}.dump());
    if (next() % 4 == 0)
      l.ok("ledger_tag_transaction", json{{"transactionId", ids[i]}, {"tag", "work"}}.dump());
    if (next() % 5 == 0)
      l.ok("ledger_untag_transaction", json{{"transactionId", ids[i]}, {"tag", tag}}.dump());
  }
}

}  // namespace

TEST_CASE("spending by account, tag and person from the rollup equals the postings") {
  for (std::uint64_t seed : {7u, 2027u}) {
    TempLedger l;
    l.db().exec("PRAGMA synchronous=OFF");  // speed only
    random_ledger(l, seed);
    tag_some(l, seed);
    CAPTURE(seed);
    CHECK(tally::ledger::check_ledger(l.store()).empty());
    for (const char* dim : {"account", "tag", "person"})
      CHECK(l.db()
                .execAndGet(std::string("SELECT count(*) FROM spend_day WHERE dim = '") + dim +
                            "' AND key <> '' AND key <> 0")
                .getInt64() > 0);

    for (const auto& r :
         std::vector<std::pair<std::string, std::string>>{{"2026-01-01", "2026-01-31"},
                                                          {"2026-01-14", "2026-03-12"},
                                                          {"2026-02-10", "2026-02-10"},
                                                          {"2025-12-01", "2026-12-31"}}) {
      const std::string& from = r.first;
      const std::string& to = r.second;
      CAPTURE(from);
      CAPTURE(to);
      for (const char* group_by : {"account", "tag", "person"})
        for (bool cash : {false, true}) {
          CAPTURE(group_by);
          CAPTURE(cash);
          json args{{"startDate", from}, {"endDate", to}, {"groupBy", group_by},
                    {"perMonth", true},  {"limit", 100},  {"basis", cash ? "cash" : "accrual"}};
          json sb = l.ok("ledger_spending_by", args.dump());
          PayeeMonths expected = keyed_from_postings(l, group_by, from, to, cash);
          PayeeMonths got;
          for (const auto& c : sb["currencies"]) {
            CHECK_FALSE(c.contains("other"));
            for (const auto& g : c["groups"])
              for (const auto& m : g["months"])
                got[{c["currency"], g["name"]}][m["month"]] = minor(m["amount"]);
          }
          // The report lists groups whose total is not 0.
          std::erase_if(expected, [](const auto& e) {
            std::int64_t total = 0;
            for (const auto& [m, v] : e.second) total += v;
            return total == 0;
          });
          CHECK(got == expected);
        }
    }

    // The migration's backfill writes what ledger::post kept (rows that add
    // nothing aside).
    auto kept = [&l](const char* table) {
      SQLite::Statement q(l.db(), std::string("SELECT * FROM ") + table +
                                      " WHERE accrual_minor <> 0 OR cash_minor <> 0 ORDER BY 1, "
                                      "2, 3, 4, 5");
      std::string out;
      while (q.executeStep()) {
        for (int i = 0; i < q.getColumnCount(); ++i) out += q.getColumn(i).getString() + "|";
        out += "\n";
      }
      return out;
    };
    std::string day = kept("spend_day"), month = kept("spend_month");
    l.db().exec(
        "DROP TRIGGER spend_tag_add; DROP TRIGGER spend_tag_remove; "
        "DROP TABLE spend_day; DROP TABLE spend_month;");
    // Migration 9 replaces the flow triggers that migration 12 dropped.
    l.db().exec(tally::ledger::flow_posting_triggers_sql());
    l.db().exec(tally::ledger::spend_rollup_migration().sql);
    l.db().exec(
        "DROP TRIGGER spend_posting; DROP TRIGGER flow_posting; DROP TRIGGER flow_cash_posting;");
    CHECK(kept("spend_day") == day);
    CHECK(kept("spend_month") == month);
    CHECK(tally::ledger::check_ledger(l.store()).empty());
  }
}

TEST_CASE("doctor names a spending rollup that differs from the postings") {
  TempLedger l;
  random_ledger(l, 5, 200);
  auto found = [&](const char* prefix) {
    for (const auto& p : tally::ledger::check_ledger(l.store()))
      if (p.find(prefix) == 0) return true;
    return false;
  };
  CHECK_FALSE(found("spending rollup"));
  l.db().exec(
      "UPDATE spend_day SET cash_minor = cash_minor + 1 WHERE (ws, dim, date, key, currency) = "
      "(SELECT ws, dim, date, key, currency FROM spend_day LIMIT 1)");
  CHECK(found("spending rollup (spend_day)"));
  CHECK_FALSE(found("spending rollup (spend_month)"));
  l.db().exec(
      "UPDATE spend_month SET accrual_minor = accrual_minor + 1 WHERE (ws, dim, month, key, "
      "currency) = (SELECT ws, dim, month, key, currency FROM spend_month LIMIT 1)");
  CHECK(found("spending rollup (spend_month)"));
}
