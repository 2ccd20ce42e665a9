#include "ledger/flow_rollup.h"

#include "ledger/period_totals.h"

namespace tally::ledger {

namespace {

const std::string kCash = kCashLikeSubtypes;
const std::string kSpending = "(a.type = 'expense' OR a.subtype IN ('payable', 'tax'))";
const std::string kPayee = "coalesce(nullif(t.payee, ''), t.description)";
const std::string kAddUp =
    " ON CONFLICT (ws, date, account_seq, payee) DO UPDATE SET "
    "net_minor = net_minor + excluded.net_minor, "
    "cash_debit_minor = cash_debit_minor + excluded.cash_debit_minor, "
    "cash_credit_minor = cash_credit_minor + excluded.cash_credit_minor;\n";

// What each posting adds to flow_day, computed from the postings alone: the
// backfill writes it and doctor compares the table with it.
std::string flow_day_recomputed() {
  return "SELECT p.ws AS ws, p.date AS date, p.account_seq AS account_seq, "
         "CASE WHEN p.spending THEN " +
         kPayee +
         " ELSE '' END AS payee, "
         "sum(CASE WHEN p.spending THEN p.amount_minor ELSE 0 END) AS net_minor, "
         "sum(CASE WHEN p.cash AND p.amount_minor > 0 THEN p.amount_minor ELSE 0 END) AS "
         "cash_debit_minor, "
         "sum(CASE WHEN p.cash AND p.amount_minor < 0 THEN p.amount_minor ELSE 0 END) AS "
         "cash_credit_minor "
         "FROM (SELECT q.ws, q.date, q.account_seq, q.txn_seq, q.amount_minor, " +
         kSpending +
         " AS spending, "
         "EXISTS (SELECT 1 FROM posting x JOIN account b ON b.seq = x.account_seq "
         "WHERE x.txn_seq = q.txn_seq AND b.subtype IN " +
         kCash +
         ") AS cash FROM posting q JOIN account a ON a.seq = q.account_seq WHERE a.subtype NOT "
         "IN " +
         kCash +
         ") p JOIN txn t ON t.seq = p.txn_seq WHERE p.spending OR p.cash "
         "GROUP BY p.ws, p.date, p.account_seq, 4";
}

const std::string kColumns =
    "ws, date, account_seq, payee, net_minor, cash_debit_minor, cash_credit_minor";

}  // namespace

// One transaction's postings through posting_txn, named: with the statistics of a
// nearly empty ledger (an import analyses after each run) the planner scanned
// every posting, per inserted posting.
std::string flow_posting_triggers_sql() {
  return std::string() +
         // A posting to an account that is not cash-like: spending by payee, and
         // the cash columns when the transaction already has a cash-like posting.
         "CREATE TRIGGER flow_posting AFTER INSERT ON posting\n"
         "WHEN (SELECT subtype FROM account WHERE seq = NEW.account_seq) NOT IN " +
         kCash +
         " BEGIN\n"
         "  INSERT INTO flow_day (" +
         kColumns +
         ")\n"
         "  SELECT NEW.ws, NEW.date, NEW.account_seq, CASE WHEN s.spending THEN " +
         kPayee +
         " ELSE '' END,\n"
         "    CASE WHEN s.spending THEN NEW.amount_minor ELSE 0 END,\n"
         "    CASE WHEN s.cash AND NEW.amount_minor > 0 THEN NEW.amount_minor ELSE 0 END,\n"
         "    CASE WHEN s.cash AND NEW.amount_minor < 0 THEN NEW.amount_minor ELSE 0 END\n"
         "  FROM (SELECT " +
         kSpending +
         " AS spending, EXISTS (SELECT 1 FROM posting x INDEXED BY posting_txn JOIN account b ON "
         "b.seq = x.account_seq\n"
         "          WHERE x.txn_seq = NEW.txn_seq AND x.id <> NEW.id AND b.subtype IN " +
         kCash +
         ") AS cash\n"
         "        FROM account a WHERE a.seq = NEW.account_seq) s, txn t\n"
         "  WHERE t.seq = NEW.txn_seq AND (s.spending OR s.cash)" +
         kAddUp +
         "END;\n"
         // The transaction's first cash-like posting: the postings before it (not
         // cash-like) now count as cash; later ones see it (above).
         "CREATE TRIGGER flow_cash_posting AFTER INSERT ON posting\n"
         "WHEN (SELECT subtype FROM account WHERE seq = NEW.account_seq) IN " +
         kCash +
         "\n AND NOT EXISTS (SELECT 1 FROM posting x INDEXED BY posting_txn JOIN account b ON "
         "b.seq = x.account_seq\n"
         "   WHERE x.txn_seq = NEW.txn_seq AND x.id <> NEW.id AND b.subtype IN " +
         kCash +
         ") BEGIN\n"
         "  INSERT INTO flow_day (" +
         kColumns +
         ")\n"
         "  SELECT p.ws, p.date, p.account_seq, CASE WHEN " +
         kSpending + " THEN " + kPayee +
         " ELSE '' END, 0,\n"
         "    CASE WHEN p.amount_minor > 0 THEN p.amount_minor ELSE 0 END,\n"
         "    CASE WHEN p.amount_minor < 0 THEN p.amount_minor ELSE 0 END\n"
         "  FROM posting p INDEXED BY posting_txn JOIN account a ON a.seq = p.account_seq JOIN txn "
         "t ON t.seq = "
         "p.txn_seq\n"
         "  WHERE p.txn_seq = NEW.txn_seq AND p.id <> NEW.id AND a.subtype NOT IN " +
         kCash + kAddUp + "END;\n";
}

namespace {

std::string migration_sql() {
  return R"sql(
CREATE TABLE flow_day (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  date TEXT NOT NULL,
  account_seq INTEGER NOT NULL REFERENCES account(seq),
  payee TEXT NOT NULL,
  net_minor INTEGER NOT NULL,
  cash_debit_minor INTEGER NOT NULL,
  cash_credit_minor INTEGER NOT NULL,
  PRIMARY KEY (ws, date, account_seq, payee)
) STRICT, WITHOUT ROWID;
CREATE TABLE flow_month (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  month TEXT NOT NULL,
  account_seq INTEGER NOT NULL REFERENCES account(seq),
  payee TEXT NOT NULL,
  net_minor INTEGER NOT NULL,
  cash_debit_minor INTEGER NOT NULL,
  cash_credit_minor INTEGER NOT NULL,
  PRIMARY KEY (ws, month, account_seq, payee)
) STRICT, WITHOUT ROWID;

-- flow_month follows flow_day (an upsert's update fires the UPDATE trigger).
CREATE TRIGGER flow_day_insert AFTER INSERT ON flow_day BEGIN
  INSERT INTO flow_month (ws, month, account_seq, payee, net_minor, cash_debit_minor, cash_credit_minor)
  VALUES (NEW.ws, substr(NEW.date, 1, 7), NEW.account_seq, NEW.payee, NEW.net_minor,
          NEW.cash_debit_minor, NEW.cash_credit_minor)
  ON CONFLICT (ws, month, account_seq, payee) DO UPDATE SET
    net_minor = net_minor + excluded.net_minor,
    cash_debit_minor = cash_debit_minor + excluded.cash_debit_minor,
    cash_credit_minor = cash_credit_minor + excluded.cash_credit_minor;
END;
CREATE TRIGGER flow_day_update AFTER UPDATE ON flow_day BEGIN
  UPDATE flow_month SET net_minor = net_minor + NEW.net_minor - OLD.net_minor,
    cash_debit_minor = cash_debit_minor + NEW.cash_debit_minor - OLD.cash_debit_minor,
    cash_credit_minor = cash_credit_minor + NEW.cash_credit_minor - OLD.cash_credit_minor
  WHERE ws = NEW.ws AND month = substr(NEW.date, 1, 7) AND account_seq = NEW.account_seq
    AND payee = NEW.payee;
END;
)sql" + flow_posting_triggers_sql() +
         // The ledger as it is (flow_month follows through the trigger above).
         "INSERT INTO flow_day (" + kColumns + ") " + flow_day_recomputed() +
         ";\n"
         // Search by amount: newest first (the page) and by range (the count).
         "DROP INDEX posting_amount;\n"
         "CREATE INDEX posting_amount_range ON posting (ws, currency, amount_minor, date, "
         "txn_seq)\n"
         "  WHERE amount_minor > 0;\n"
         "CREATE INDEX posting_amount_newest ON posting (ws, currency, date, txn_seq, "
         "amount_minor)\n"
         "  WHERE amount_minor > 0;\n";
}

}  // namespace

store::Migration flow_rollup_migration() {
  // The planner's statistics, for a ledger that already holds postings: with
  // them a word search starts from the words' matches. Not for an empty one:
  // statistics of empty tables beside none for the rest misled the planner
  // (an import ran 20× slower).
  return {"ledger", kFlowRollupVersion, migration_sql(), [](SQLite::Database& db) {
            if (db.execAndGet("SELECT count(*) FROM (SELECT 1 FROM posting LIMIT 1000)").getInt() >=
                1000)
              db.exec("PRAGMA analysis_limit = 1000; ANALYZE");
          }};
}

std::string flow_rows_sql() {
  const std::string cols =
      "account_seq, payee, net_minor, cash_debit_minor, cash_credit_minor FROM ";
  return "(SELECT month, " + cols + "flow_month WHERE ws = :fws AND month BETWEEN :fm1 AND :fm2 " +
         "UNION ALL SELECT substr(date, 1, 7) AS month, " + cols +
         "flow_day WHERE ws = :fws AND date BETWEEN :fd1 AND :fd2 " +
         "UNION ALL SELECT substr(date, 1, 7) AS month, " + cols +
         "flow_day WHERE ws = :fws AND date BETWEEN :fd3 AND :fd4)";
}

void bind_flow_rows(SQLite::Statement& q, std::int64_t ws, const std::string& start,
                    const std::string& end) {
  MonthSplit parts = split_by_month(start, end);
  q.bind(":fws", ws);
  // An empty range ('1' > '0') where the split has no part.
  q.bind(":fm1", parts.months ? parts.months->first : "1");
  q.bind(":fm2", parts.months ? parts.months->second : "0");
  const char* names[2][2] = {{":fd1", ":fd2"}, {":fd3", ":fd4"}};
  for (std::size_t i = 0; i < 2; ++i) {
    q.bind(names[i][0], i < parts.days.size() ? parts.days[i].first : "1");
    q.bind(names[i][1], i < parts.days.size() ? parts.days[i].second : "0");
  }
}

std::vector<std::pair<std::string, std::string>> flow_rollup_checks() {
  const std::string day = "SELECT " + kColumns + " FROM flow_day";
  const std::string month_of_days =
      "SELECT ws, substr(date, 1, 7), account_seq, payee, sum(net_minor), sum(cash_debit_minor), "
      "sum(cash_credit_minor) FROM flow_day GROUP BY 1, 2, 3, 4";
  const std::string month = "SELECT " +
                            std::string(
                                "ws, month, account_seq, payee, net_minor, "
                                "cash_debit_minor, cash_credit_minor") +
                            " FROM flow_month";
  auto differ = [](const std::string& a, const std::string& b, const std::string& a_name,
                   const std::string& b_name) {
    return "SELECT '" + a_name + "', * FROM (" + a + " EXCEPT " + b + ") UNION ALL SELECT '" +
           b_name + "', * FROM (" + b + " EXCEPT " + a + ")";
  };
  const std::string message =
      ": workspace {1}, {2}, account {3}, payee '{4}': net {5}, cash debits {6}, cash credits "
      "{7} only in {0}";
  return {
      {differ(flow_day_recomputed(), day, "the postings", "flow_day"),
       "flow rollup (flow_day)" + message},
      {differ(month_of_days, month, "flow_day", "flow_month"),
       "flow rollup (flow_month)" + message},
  };
}

}  // namespace tally::ledger
