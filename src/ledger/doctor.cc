#include "ledger/doctor.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/flow_rollup.h"
#include "ledger/spend_rollup.h"

namespace tally::ledger {

namespace {

struct Check {
  const char* sql;       ///< each row is one violation; columns are joined into the message
  const char* message;   ///< printf-free template: "{0}" … replaced by the columns
};

// Every row a query returns is a violation. The queries read all workspaces on
// purpose: doctor checks the file, and names the workspace where it matters.
constexpr Check kChecks[] = {
    {"SELECT t.id, p.currency, sum(p.amount_minor) FROM posting p JOIN txn t ON t.seq = p.txn_seq "
     "GROUP BY p.txn_seq, p.currency HAVING sum(p.amount_minor) <> 0",
     "transaction {0}: {1} postings sum to {2} minor units, not 0"},
    {"SELECT t.id, count(p.id) FROM txn t LEFT JOIN posting p ON p.txn_seq = t.seq GROUP BY t.seq "
     "HAVING count(p.id) < 2",
     "transaction {0} has {1} posting(s); every transaction needs at least 2"},
    {"SELECT t.id, a.id, p.currency, a.currency FROM posting p JOIN txn t ON t.seq = p.txn_seq "
     "JOIN account a ON a.seq = p.account_seq WHERE p.currency <> a.currency",
     "transaction {0}: a posting to {1} is in {2} but the account is in {3}"},
    {"SELECT t.id, a.id FROM posting p JOIN txn t ON t.seq = p.txn_seq JOIN account a ON a.seq = p.account_seq "
     "WHERE p.ws <> t.ws OR a.ws <> t.ws",
     "transaction {0} posts to account {1} of another workspace"},
    {"SELECT t.id, p.date, t.date FROM posting p JOIN txn t ON t.seq = p.txn_seq WHERE p.date <> t.date",
     "transaction {0}: a posting is dated {1} but the transaction {2}"},
    // Running totals (account_month, txn_month) recomputed from the postings.
    {"WITH actual AS (SELECT account_seq, substr(date, 1, 7) AS month, sum(amount_minor) AS net, count(*) AS n, "
     "                       count(DISTINCT txn_seq) AS t FROM posting GROUP BY account_seq, month) "
     "SELECT a.id, x.month, x.net, x.n, x.t, coalesce(m.net_minor, 0), coalesce(m.postings, 0), coalesce(m.txns, 0) "
     "FROM actual x JOIN account a ON a.seq = x.account_seq "
     "LEFT JOIN account_month m ON m.account_seq = x.account_seq AND m.month = x.month "
     "WHERE m.net_minor IS NULL OR m.net_minor <> x.net OR m.postings <> x.n OR m.txns <> x.t "
     "UNION ALL "
     "SELECT a.id, m.month, 0, 0, 0, m.net_minor, m.postings, m.txns FROM account_month m "
     "JOIN account a ON a.seq = m.account_seq "
     "WHERE NOT EXISTS (SELECT 1 FROM posting p WHERE p.account_seq = m.account_seq AND substr(p.date, 1, 7) = m.month) "
     "AND (m.net_minor <> 0 OR m.postings <> 0 OR m.txns <> 0)",
     "running total of account {0} for {1}: postings sum to {2} ({3} postings, {4} transactions) but the total "
     "says {5} ({6}, {7})"},
    {"WITH actual AS (SELECT ws, substr(date, 1, 7) AS month, count(*) AS n FROM txn GROUP BY ws, month) "
     "SELECT x.ws, x.month, x.n, coalesce(m.txns, 0) FROM actual x "
     "LEFT JOIN txn_month m ON m.ws = x.ws AND m.month = x.month WHERE m.txns IS NULL OR m.txns <> x.n "
     "UNION ALL SELECT m.ws, m.month, 0, m.txns FROM txn_month m WHERE m.txns <> 0 AND NOT EXISTS "
     "(SELECT 1 FROM txn t WHERE t.ws = m.ws AND substr(t.date, 1, 7) = m.month)",
     "transaction count of workspace {0} for {1}: {2} transactions but the total says {3}"},
    // Lent receivables: owned by a person of the same workspace.
    {"SELECT a.id, a.person_id FROM account a LEFT JOIN person p ON p.id = a.person_id "
     "WHERE a.subtype = 'lent' AND (p.id IS NULL OR p.ws <> a.ws)",
     "Lent account {0} belongs to person {1}, who is not in its workspace"},
    {"SELECT a.id, c.id FROM account a JOIN category c ON c.id = a.category_id "
     "WHERE c.ws <> a.ws OR c.kind <> a.type",
     "account {0} backs category {1} of another workspace or kind"},
    // Search, tags and budgets (issue 19): each transaction indexed once, with its text and tags;
    // tags and budgets inside their workspace.
    {"SELECT t.id FROM txn t WHERE NOT EXISTS (SELECT 1 FROM txn_fts f WHERE f.rowid = t.seq) "
     "UNION ALL SELECT 'rowid ' || f.rowid FROM txn_fts f WHERE NOT EXISTS (SELECT 1 FROM txn t WHERE t.seq = f.rowid)",
     "search index: transaction {0} is missing from txn_fts, or indexed with no transaction"},
    {"SELECT t.id FROM txn t JOIN txn_fts f ON f.rowid = t.seq WHERE f.description IS NOT t.description "
     "OR f.payee IS NOT t.payee OR f.tags IS NOT coalesce((SELECT group_concat(g.tag, ' ') FROM txn_tag g "
     "WHERE g.txn_seq = t.seq), '')",
     "search index: transaction {0} is indexed with other text or tags than it has"},
    {"SELECT t.id, count(*) FROM txn_tag g JOIN txn t ON t.seq = g.txn_seq GROUP BY g.txn_seq HAVING count(*) > 50",
     "transaction {0} has {1} tags; at most 50"},
    {"SELECT b.category_id, b.from_month FROM budget b LEFT JOIN category c ON c.id = b.category_id "
     "WHERE c.id IS NULL OR c.ws <> b.ws OR c.kind <> 'expense'",
     "budget of category {0} from {1} is not for an expense category of its workspace"},
    // Reconciliation (issue 20): every stored balance assertion holds, shown as the account shows
    // its balance; a reconciled posting is dated on or before its statement.
    {"WITH x AS (SELECT a.id, a.name, b.date, a.currency, c.exponent AS e, "
     "  CASE c.exponent WHEN 0 THEN 1 WHEN 1 THEN 10 WHEN 2 THEN 100 WHEN 3 THEN 1000 ELSE 10000 END AS p, "
     "  CASE WHEN a.type IN ('liability', 'equity', 'income') THEN -1 ELSE 1 END * b.balance_minor AS want, "
     "  CASE WHEN a.type IN ('liability', 'equity', 'income') THEN -1 ELSE 1 END * "
     "    (SELECT coalesce(sum(q.amount_minor), 0) FROM posting q WHERE q.account_seq = b.account_seq AND q.date <= b.date) AS got "
     "  FROM balance_assertion b JOIN account a ON a.seq = b.account_seq JOIN currency c ON c.code = a.currency) "
     "SELECT id, name, date, "
     "CASE WHEN e = 0 THEN CAST(want AS TEXT) ELSE (CASE WHEN want < 0 THEN '-' ELSE '' END) || (abs(want) / p) "
     "|| '.' || substr('0000' || (abs(want) % p), -e) END, "
     "CASE WHEN e = 0 THEN CAST(got AS TEXT) ELSE (CASE WHEN got < 0 THEN '-' ELSE '' END) || (abs(got) / p) "
     "|| '.' || substr('0000' || (abs(got) % p), -e) END, currency FROM x WHERE want <> got ORDER BY name, date",
     "balance assertion fails: account {0} (\"{1}\") should hold {3} {5} at the end of {2} but holds {4} {5}"},
    {"SELECT t.id, c.statement_date, p.date FROM posting_cleared c JOIN posting p ON p.id = c.posting_id "
     "JOIN txn t ON t.seq = p.txn_seq WHERE c.state = 'reconciled' AND (c.statement_date IS NULL OR p.date > c.statement_date)",
     "transaction {0}: a posting dated {2} is reconciled against the statement of {1}"},
    // Drafts and their IOUs.
    {"SELECT i.draft_id, i.person_id FROM txn_draft_iou i LEFT JOIN txn_draft d ON d.id = i.draft_id "
     "WHERE d.id IS NULL",
     "IOU of draft {0} to person {1} has no draft"},
    {"SELECT i.draft_id, i.person_id FROM txn_draft_iou i JOIN txn_draft d ON d.id = i.draft_id "
     "LEFT JOIN person p ON p.id = i.person_id WHERE p.id IS NULL OR p.ws <> d.ws",
     "draft {0} holds an IOU to person {1}, who is not in its workspace"},
    {"SELECT d.id, sum(i.amount_minor), d.expense_minor FROM txn_draft d JOIN txn_draft_iou i ON i.draft_id = d.id "
     "GROUP BY d.id HAVING sum(i.amount_minor) > d.expense_minor",
     "draft {0}: IOUs total {1} minor units, more than its expense of {2}"},
    {"SELECT d.id, t.id FROM txn_draft d JOIN txn t ON t.ws = d.ws AND t.source = 'extrack' AND t.source_ref = d.id",
     "draft {0} was posted as {1} but is still pending"},
    // A reversal mirrors its original exactly.
    {"WITH pairs AS (SELECT r.seq AS rseq, o.seq AS oseq, r.id AS rid, o.id AS oid FROM txn r "
     "               JOIN txn o ON o.seq = r.reverses_seq) "
     "SELECT rid, oid FROM pairs WHERE EXISTS ("
     "  SELECT account_seq, currency, sum(amount_minor) FROM ("
     "    SELECT account_seq, currency, amount_minor FROM posting WHERE txn_seq = oseq "
     "    UNION ALL SELECT account_seq, currency, amount_minor FROM posting WHERE txn_seq = rseq) "
     "  GROUP BY account_seq, currency HAVING sum(amount_minor) <> 0)",
     "transaction {0} does not exactly reverse {1}"},
};

std::string fill(const char* templ, SQLite::Statement& q) {
  std::string out;
  for (const char* c = templ; *c; ++c) {
    if (*c == '{' && c[1] >= '0' && c[1] <= '9' && c[2] == '}') {
      int i = c[1] - '0';
      out += i < q.getColumnCount() ? q.getColumn(i).getString() : "?";
      c += 2;
    } else {
      out += *c;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> check_ledger(store::Store& st) {
  std::vector<std::string> problems;
  {
    SQLite::Statement q(st.db, "PRAGMA integrity_check");
    while (q.executeStep()) {
      std::string row = q.getColumn(0).getString();
      if (row != "ok") problems.push_back("SQLite integrity_check: " + row);
    }
  }
  {
    SQLite::Statement q(st.db, "PRAGMA foreign_key_check");
    while (q.executeStep())
      problems.push_back("SQLite foreign_key_check: a row of " + q.getColumn(0).getString() + " (rowid " +
                         q.getColumn(1).getString() + ") refers to a missing row of " + q.getColumn(2).getString());
  }
  auto run = [&](const std::string& sql, const std::string& message) {
    SQLite::Statement q(st.db, sql);
    int shown = 0;
    while (q.executeStep()) {
      if (++shown > 20) {
        problems.push_back("… and more like: " + message);
        break;
      }
      problems.push_back(fill(message.c_str(), q));
    }
  };
  for (const auto& check : kChecks) run(check.sql, check.message);
  // The flow rollup recomputed from the postings (issue 19's speed).
  for (const auto& [sql, message] : flow_rollup_checks()) run(sql, message);
  for (const auto& [sql, message] : spend_rollup_checks()) run(sql, message);
  return problems;
}

}  // namespace tally::ledger
