#include "ledger/spend_rollup.h"

#include <functional>

#include "ledger/flow_rollup.h"
#include "ledger/period_totals.h"

namespace tally::ledger {

namespace {

const std::string kCash = kCashLikeSubtypes;
using Filter = std::function<std::string(const std::string& alias)>;

// A transaction's (or, with no restriction, every transaction's)
// contribution to spend_day, one row per spending posting and key:
// columns ws, date, dim, key, currency, accrual, cash. `in` restricts the
// postings it sees (by alias: the transaction, minus the posting being
// inserted); `tags` yields (txn_seq, tag_fold); `dims` picks the dimensions.
std::string contribution(const Filter& in, const std::string& tags,
                         const std::vector<std::string>& dims, bool negate = false) {
  const std::string sign = negate ? "-" : "";
  // One transaction's postings are read through posting_txn, named: with the
  // statistics of a nearly empty ledger (an import analyses after each run)
  // the planner scanned every posting instead, per inserted posting.
  const std::string by_txn = " INDEXED BY posting_txn";
  const std::string one_txn = in("p") == "1" ? "" : by_txn;
  const std::string spending =
      "(SELECT p.ws AS ws, p.date AS date, p.txn_seq AS txn_seq, p.currency AS currency, "
      "p.amount_minor AS amt, CASE WHEN a.type = 'expense' THEN p.amount_minor ELSE 0 END AS "
      "accrual, CASE WHEN EXISTS (SELECT 1 FROM posting x" +
      by_txn + " JOIN account b ON b.seq = x.account_seq WHERE x.txn_seq = p.txn_seq AND " +
      in("x") + " AND b.subtype IN " + kCash +
      ") THEN p.amount_minor ELSE 0 END AS cash FROM posting p" + one_txn +
      " JOIN account a ON a.seq = p.account_seq WHERE " + in("p") +
      " AND (a.type = 'expense' OR a.subtype IN ('payable', 'tax'))) s";
  const std::string values =
      ", s.currency, " + sign + "s.accrual, " + sign + "s.cash FROM " + spending;
  std::string out;
  for (const auto& dim : dims) {
    if (!out.empty()) out += " UNION ALL ";
    if (dim == "account")
      out +=
          "SELECT s.ws, s.date, 'account', coalesce((SELECT q.account_seq FROM posting q" + by_txn +
          " JOIN account b ON b.seq = q.account_seq WHERE q.txn_seq = s.txn_seq AND " + in("q") +
          " AND b.type IN ('asset', 'liability') AND b.subtype <> 'lent' AND (q.amount_minor < 0) "
          "= (s.amt > 0) ORDER BY q.id LIMIT 1), 0)" +
          values;
    else if (dim == "person")
      out += "SELECT s.ws, s.date, 'person', coalesce(w.person_id, '')" + values +
             " LEFT JOIN (SELECT DISTINCT q.txn_seq AS txn_seq, b.person_id AS person_id FROM "
             "posting q" +
             one_txn + " JOIN account b ON b.seq = q.account_seq WHERE " + in("q") +
             " AND b.subtype = 'lent') w ON w.txn_seq = s.txn_seq";
    else
      out += "SELECT s.ws, s.date, 'tag', coalesce(g.tag_fold, '')" + values + " LEFT JOIN (" +
             tags + ") g ON g.txn_seq = s.txn_seq";
  }
  return out;
}

const std::vector<std::string> kDims = {"account", "person", "tag"};
const std::string kColumns = "ws, dim, date, key, currency, accrual_minor, cash_minor";

// Groups contribution rows (columns ws, date, dim, key, currency, accrual,
// cash) into spend_day's columns, leaving out groups that add nothing.
std::string grouped(const std::string& rows) {
  return "SELECT ws, dim, date, key, currency, sum(accrual), sum(cash) FROM (SELECT ws, date, "
         "dim, key, currency, accrual, cash FROM (SELECT NULL AS ws, NULL AS date, NULL AS dim, "
         "NULL AS key, NULL AS currency, NULL AS accrual, NULL AS cash WHERE 0 UNION ALL " +
         rows +
         ")) WHERE 1 GROUP BY ws, dim, date, key, currency HAVING sum(accrual) <> 0 OR "
         "sum(cash) <> 0";
}

const std::string kAddUp =
    " ON CONFLICT (ws, dim, date, key, currency) DO UPDATE SET "
    "accrual_minor = accrual_minor + excluded.accrual_minor, "
    "cash_minor = cash_minor + excluded.cash_minor;\n";

// spend_day as the postings and tags say.
std::string spend_day_recomputed() {
  return grouped(contribution([](const std::string&) { return std::string("1"); },
                              "SELECT txn_seq, tag_fold FROM txn_tag", kDims));
}

// A trigger's change: the transaction's contribution after it minus before it.
std::string delta(const Filter& after, const std::string& tags_after, const Filter& before,
                  const std::string& tags_before, const std::vector<std::string>& dims) {
  return "INSERT INTO spend_day (" + kColumns + ") " +
         grouped(contribution(after, tags_after, dims) + " UNION ALL " +
                 contribution(before, tags_before, dims, true)) +
         kAddUp;
}

std::string migration_sql() {
  const Filter txn_with = [](const std::string& a) { return a + ".txn_seq = NEW.txn_seq"; };
  const Filter txn_without = [](const std::string& a) {
    return a + ".txn_seq = NEW.txn_seq AND " + a + ".id <> NEW.id";
  };
  const Filter txn_old = [](const std::string& a) { return a + ".txn_seq = OLD.txn_seq"; };
  const std::string tags_new = "SELECT txn_seq, tag_fold FROM txn_tag WHERE txn_seq = NEW.txn_seq";
  const std::string tags_old = "SELECT txn_seq, tag_fold FROM txn_tag WHERE txn_seq = OLD.txn_seq";
  return R"sql(
CREATE TABLE spend_day (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  dim TEXT NOT NULL CHECK (dim IN ('account', 'person', 'tag')),
  date TEXT NOT NULL,
  key ANY NOT NULL,
  currency TEXT NOT NULL,
  accrual_minor INTEGER NOT NULL,
  cash_minor INTEGER NOT NULL,
  PRIMARY KEY (ws, dim, date, key, currency)
) STRICT, WITHOUT ROWID;
CREATE TABLE spend_month (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  dim TEXT NOT NULL,
  month TEXT NOT NULL,
  key ANY NOT NULL,
  currency TEXT NOT NULL,
  accrual_minor INTEGER NOT NULL,
  cash_minor INTEGER NOT NULL,
  PRIMARY KEY (ws, dim, month, key, currency)
) STRICT, WITHOUT ROWID;

-- spend_month follows spend_day (an upsert's update fires the UPDATE trigger).
CREATE TRIGGER spend_day_insert AFTER INSERT ON spend_day BEGIN
  INSERT INTO spend_month (ws, dim, month, key, currency, accrual_minor, cash_minor)
  VALUES (NEW.ws, NEW.dim, substr(NEW.date, 1, 7), NEW.key, NEW.currency, NEW.accrual_minor,
          NEW.cash_minor)
  ON CONFLICT (ws, dim, month, key, currency) DO UPDATE SET
    accrual_minor = accrual_minor + excluded.accrual_minor,
    cash_minor = cash_minor + excluded.cash_minor;
END;
CREATE TRIGGER spend_day_update AFTER UPDATE ON spend_day BEGIN
  UPDATE spend_month SET accrual_minor = accrual_minor + NEW.accrual_minor - OLD.accrual_minor,
    cash_minor = cash_minor + NEW.cash_minor - OLD.cash_minor
  WHERE ws = NEW.ws AND dim = NEW.dim AND month = substr(NEW.date, 1, 7) AND key = NEW.key
    AND currency = NEW.currency;
END;
)sql"
         // A posting that can change a transaction's spending or its keys (a
         // spending, paying, cash-like or Lent posting), in a transaction that
         // has spending.
         "CREATE TRIGGER spend_posting AFTER INSERT ON posting\n"
         "WHEN (SELECT type IN ('expense', 'asset', 'liability') FROM account WHERE seq = "
         "NEW.account_seq)\n"
         " AND EXISTS (SELECT 1 FROM posting x INDEXED BY posting_txn JOIN account b ON b.seq = "
         "x.account_seq WHERE "
         "x.txn_seq = NEW.txn_seq AND (b.type = 'expense' OR b.subtype IN ('payable', 'tax')))\n"
         "BEGIN\n  " +
         delta(txn_with, tags_new, txn_without, tags_new, kDims) +
         "END;\n"
         // A tag added or removed: only the tag rows change.
         "CREATE TRIGGER spend_tag_add AFTER INSERT ON txn_tag BEGIN\n  " +
         delta(txn_with, tags_new, txn_with, tags_new + " AND tag_fold <> NEW.tag_fold", {"tag"}) +
         "END;\n"
         "CREATE TRIGGER spend_tag_remove AFTER DELETE ON txn_tag BEGIN\n  " +
         delta(txn_old, tags_old, txn_old, tags_old + " UNION ALL SELECT OLD.txn_seq, OLD.tag_fold",
               {"tag"}) +
         "END;\n"
         // The flow rollup's triggers as migration 6 now writes them (posting_txn
         // named: imports ran slower on the statistics of a nearly empty ledger).
         "DROP TRIGGER flow_posting;\nDROP TRIGGER flow_cash_posting;\n" +
         flow_posting_triggers_sql() +
         // The ledger as it is (spend_month follows through the trigger above).
         "INSERT INTO spend_day (" + kColumns + ") " + spend_day_recomputed() + ";\n";
}

}  // namespace

store::Migration spend_rollup_migration() {
  return {"ledger", kSpendRollupVersion, migration_sql()};
}

std::string spend_rows_sql() {
  const std::string cols = "key, currency, accrual_minor, cash_minor FROM ";
  return "(SELECT month, " + cols +
         "spend_month WHERE ws = :sws AND dim = :sdim AND month BETWEEN :sm1 AND :sm2 " +
         "UNION ALL SELECT substr(date, 1, 7) AS month, " + cols +
         "spend_day WHERE ws = :sws AND dim = :sdim AND date BETWEEN :sd1 AND :sd2 " +
         "UNION ALL SELECT substr(date, 1, 7) AS month, " + cols +
         "spend_day WHERE ws = :sws AND dim = :sdim AND date BETWEEN :sd3 AND :sd4)";
}

void bind_spend_rows(SQLite::Statement& q, std::int64_t ws, const std::string& dim,
                     const std::string& start, const std::string& end) {
  MonthSplit parts = split_by_month(start, end);
  q.bind(":sws", ws);
  q.bind(":sdim", dim);
  // An empty range ('1' > '0') where the split has no part.
  q.bind(":sm1", parts.months ? parts.months->first : "1");
  q.bind(":sm2", parts.months ? parts.months->second : "0");
  const char* names[2][2] = {{":sd1", ":sd2"}, {":sd3", ":sd4"}};
  for (std::size_t i = 0; i < 2; ++i) {
    q.bind(names[i][0], i < parts.days.size() ? parts.days[i].first : "1");
    q.bind(names[i][1], i < parts.days.size() ? parts.days[i].second : "0");
  }
}

std::vector<std::pair<std::string, std::string>> spend_rollup_checks() {
  // Rows whose sums are 0 add nothing (a trigger may leave them): compared without.
  const std::string nonzero = " WHERE accrual_minor <> 0 OR cash_minor <> 0";
  const std::string day = "SELECT " + kColumns + " FROM spend_day" + nonzero;
  const std::string month_of_days =
      "SELECT ws, dim, substr(date, 1, 7), key, currency, sum(accrual_minor), sum(cash_minor) "
      "FROM spend_day GROUP BY 1, 2, 3, 4, 5 HAVING sum(accrual_minor) <> 0 OR sum(cash_minor) "
      "<> 0";
  const std::string month =
      "SELECT ws, dim, month, key, currency, accrual_minor, cash_minor FROM spend_month" + nonzero;
  auto differ = [](const std::string& a, const std::string& b, const std::string& a_name,
                   const std::string& b_name) {
    return "SELECT '" + a_name + "', * FROM (" + a + " EXCEPT " + b + ") UNION ALL SELECT '" +
           b_name + "', * FROM (" + b + " EXCEPT " + a + ")";
  };
  const std::string message =
      ": workspace {1}, {2} '{4}', {3}, {5}: accrual {6}, cash {7} only in {0}";
  return {
      {differ(spend_day_recomputed(), day, "the postings", "spend_day"),
       "spending rollup (spend_day)" + message},
      {differ(month_of_days, month, "spend_day", "spend_month"),
       "spending rollup (spend_month)" + message},
  };
}

}  // namespace tally::ledger
