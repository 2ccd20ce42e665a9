#include "invoicing/doctor.h"

#include <map>

#include <SQLiteCpp/Statement.h>

#include "invoicing/amounts.h"
#include "invoicing/ledger_link.h"
#include "util/fold.h"
#include "store/database.h"
#include "store/money.h"

namespace tally::invoicing {

namespace {

constexpr std::size_t kMaxReports = 20;  // per check; a broken ledger needn't print a million lines

class Report {
 public:
  explicit Report(std::vector<std::string>& out) : out_(out) {}
  void add(const std::string& problem) {
    if (count_++ < kMaxReports) out_.push_back(problem);
  }
  ~Report() {
    if (count_ > kMaxReports)
      out_.push_back("… and " + std::to_string(count_ - kMaxReports) + " more of the kind above");
  }

 private:
  std::vector<std::string>& out_;
  std::size_t count_ = 0;
};

std::string money(std::int64_t minor, const std::string& currency) {
  auto cur = store::find_currency(currency);
  return store::format_minor(minor, cur ? cur->exponent : 2) + " " + currency;
}

void check_invoice_arithmetic(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  SQLite::Statement q(st.db,
                      "SELECT i.number, i.currency, i.subtotal_minor, i.tax_rate_ppm, i.tax_minor, "
                      "i.gratuity_rate_ppm, i.gratuity_minor, i.total_minor, l.position, l.rate_minor, "
                      "l.qty_milli, l.line_total_minor FROM invoice i LEFT JOIN invoice_line l ON l.invoice_seq = i.seq "
                      "WHERE i.ws = ? ORDER BY i.seq, l.position");
  q.bind(1, st.workspace_id);
  std::string number, currency;
  std::int64_t subtotal = 0, tax_ppm = 0, tax = 0, grat_ppm = 0, grat = 0, total = 0;
  std::int64_t lines_sum = 0;
  bool have = false;
  auto finish = [&] {
    if (!have) return;
    std::string inv = "invoice " + number + ": ";
    if (lines_sum != subtotal)
      report.add(inv + "its lines sum to " + money(lines_sum, currency) + " but its subtotal is " + money(subtotal, currency));
    if (rate_amount(subtotal, tax_ppm) != tax)
      report.add(inv + "tax " + money(tax, currency) + " is not " + percent_from_ppm(tax_ppm) + "% of the subtotal rounded half up");
    if (rate_amount(subtotal, grat_ppm) != grat)
      report.add(inv + "gratuity " + money(grat, currency) + " is not " + percent_from_ppm(grat_ppm) +
                 "% of the subtotal rounded half up");
    if (total != subtotal + tax + grat)
      report.add(inv + "total " + money(total, currency) + " is not subtotal + tax + gratuity");
  };
  while (q.executeStep()) {
    std::string n = q.getColumn(0).getString();
    if (!have || n != number) {
      finish();
      have = true;
      number = n;
      currency = q.getColumn(1).getString();
      subtotal = q.getColumn(2).getInt64();
      tax_ppm = q.getColumn(3).getInt64();
      tax = q.getColumn(4).getInt64();
      grat_ppm = q.getColumn(5).getInt64();
      grat = q.getColumn(6).getInt64();
      total = q.getColumn(7).getInt64();
      lines_sum = 0;
    }
    if (q.getColumn(8).isNull()) continue;
    std::int64_t line_total = q.getColumn(11).getInt64();
    if (line_amount(q.getColumn(9).getInt64(), q.getColumn(10).getInt64()) != line_total)
      report.add("invoice " + number + ": line " + q.getColumn(8).getString() +
                 " is not rate × quantity rounded half up");
    lines_sum += line_total;
  }
  finish();
}

void check_paid_amounts(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  SQLite::Statement q(st.db,
                      "SELECT i.number, i.currency, i.paid_minor, coalesce(sum(p.amount_minor), 0) AS payments "
                      "FROM invoice i LEFT JOIN payment p ON p.invoice_seq = i.seq WHERE i.ws = ? "
                      "GROUP BY i.seq HAVING i.paid_minor <> payments");
  q.bind(1, st.workspace_id);
  while (q.executeStep())
    report.add("invoice " + q.getColumn(0).getString() + ": paid " + money(q.getColumn(2).getInt64(), q.getColumn(1).getString()) +
               " but its payments sum to " + money(q.getColumn(3).getInt64(), q.getColumn(1).getString()));
}

void check_receivable(store::Store& st, std::vector<std::string>& out) {
  std::map<std::string, std::int64_t> outstanding, ledger;
  SQLite::Statement open(st.db,
                         "SELECT currency, sum(total_minor - paid_minor) FROM invoice WHERE ws = ? AND status = 'sent' "
                         "GROUP BY currency");
  open.bind(1, st.workspace_id);
  while (open.executeStep()) outstanding[open.getColumn(0).getString()] = open.getColumn(1).getInt64();
  SQLite::Statement ar(st.db,
                       "SELECT a.currency, coalesce(sum(p.amount_minor), 0) FROM account a "
                       "LEFT JOIN posting p ON p.account_seq = a.seq WHERE a.ws = ? AND a.name_fold = ? "
                       "GROUP BY a.currency");
  ar.bind(1, st.workspace_id);
  ar.bind(2, util::fold_name(kReceivableAccount));
  while (ar.executeStep()) ledger[ar.getColumn(0).getString()] = ar.getColumn(1).getInt64();
  std::map<std::string, bool> currencies;
  for (const auto& [c, _] : outstanding) currencies[c] = true;
  for (const auto& [c, _] : ledger) currencies[c] = true;
  for (const auto& [currency, _] : currencies) {
    std::int64_t want = outstanding[currency], have = ledger[currency];
    if (want != have)
      out.push_back(std::string(kReceivableAccount) + " (" + currency + ") is " + money(have, currency) +
                    " but the outstanding invoices sum to " + money(want, currency));
  }
}

void check_ledger_links(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  struct Link {
    const char* what;
    const char* sql;
    const char* problem = "has no ledger transaction";
  };
  const Link links[] = {
      {"issued invoice", "SELECT d.number FROM invoice d WHERE d.ws = ? AND d.sent_at IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM txn t WHERE t.id = d.ledger_txn_id AND t.ws = d.ws)"},
      {"voided invoice", "SELECT d.number FROM invoice d WHERE d.ws = ? AND d.status = 'void' AND d.sent_at IS NOT NULL "
                         "AND NOT EXISTS (SELECT 1 FROM txn t WHERE t.id = d.void_txn_id AND t.ws = d.ws)"},
      {"payment", "SELECT d.id FROM payment d WHERE d.ws = ? AND NOT EXISTS "
                  "(SELECT 1 FROM txn t WHERE t.id = d.ledger_txn_id AND t.ws = d.ws)"},
      {"expense", "SELECT d.id FROM expense d WHERE d.ws = ? AND NOT EXISTS "
                  "(SELECT 1 FROM txn t WHERE t.id = d.ledger_txn_id AND t.ws = d.ws)"},
      {"voided record", "SELECT d.id FROM invoicing_voided d WHERE d.ws = ? AND NOT EXISTS "
                        "(SELECT 1 FROM txn t JOIN txn o ON o.seq = t.reverses_seq "
                        "WHERE t.id = d.void_txn_id AND t.ws = d.ws AND o.id = d.ledger_txn_id)",
       "has no reversal of its ledger transaction"},
  };
  for (const Link& link : links) {
    SQLite::Statement q(st.db, link.sql);
    q.bind(1, st.workspace_id);
    while (q.executeStep())
      report.add(std::string(link.what) + " " + q.getColumn(0).getString() + " " + link.problem);
  }
}

/// One line per running total that differs from what it sums: the query's rows
/// are (kind, day or month, currency, summed, stored), as the two checks below write them.
void report_total_mismatches(SQLite::Statement& q, Report& report, const std::string& which, const std::string& source) {
  while (q.executeStep()) {
    std::string currency = q.getColumn(2).getString();
    report.add(which + " " + q.getColumn(0).getString() + " total for " + q.getColumn(1).getString() + " is " +
               money(q.getColumn(4).getInt64(), currency) + " but " + source + " sum to " +
               money(q.getColumn(3).getInt64(), currency));
  }
}

void check_daily_totals(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  // Both directions: recomputed rows missing or different, and stored rows with nothing behind them.
  SQLite::Statement q(st.db, R"sql(
WITH actual (kind, date, currency, amount_minor, entries) AS (
  SELECT 'income', date, currency, sum(amount_minor), count(*) FROM payment WHERE ws = ?1 GROUP BY date, currency
  UNION ALL
  SELECT 'expense', date, currency, sum(amount_minor), count(*) FROM expense WHERE ws = ?1 GROUP BY date, currency),
stored AS (SELECT kind, date, currency, amount_minor, entries FROM invoicing_daily_total WHERE ws = ?1 AND entries > 0)
SELECT a.kind, a.date, a.currency, a.amount_minor, coalesce(s.amount_minor, 0) FROM actual a
  LEFT JOIN stored s ON s.kind = a.kind AND s.date = a.date AND s.currency = a.currency
  WHERE s.amount_minor IS NOT a.amount_minor OR s.entries IS NOT a.entries
UNION ALL
SELECT s.kind, s.date, s.currency, 0, s.amount_minor FROM stored s
  WHERE NOT EXISTS (SELECT 1 FROM actual a WHERE a.kind = s.kind AND a.date = s.date AND a.currency = s.currency)
)sql");
  q.bind(1, st.workspace_id);
  report_total_mismatches(q, report, "daily", "the rows");
}

/// The month tables (invoicing migration 4) against the day tables they sum.
void check_monthly_totals(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  SQLite::Statement q(st.db, R"sql(
WITH days (what, month, currency, amount_minor, entries) AS (
  SELECT kind, substr(date, 1, 7), currency, sum(amount_minor), sum(entries) FROM invoicing_daily_total
  WHERE ws = ?1 GROUP BY kind, substr(date, 1, 7), currency
  UNION ALL
  SELECT 'open', substr(due_date, 1, 7), currency, sum(balance_minor), sum(invoices) FROM invoicing_open_total
  WHERE ws = ?1 GROUP BY substr(due_date, 1, 7), currency),
months (what, month, currency, amount_minor, entries) AS (
  SELECT kind, month, currency, amount_minor, entries FROM invoicing_monthly_total WHERE ws = ?1
  UNION ALL
  SELECT 'open', due_month, currency, balance_minor, invoices FROM invoicing_open_month WHERE ws = ?1)
SELECT d.what, d.month, d.currency, d.amount_minor, coalesce(m.amount_minor, 0) FROM days d
  LEFT JOIN months m ON m.what = d.what AND m.month = d.month AND m.currency = d.currency
  WHERE m.amount_minor IS NOT d.amount_minor OR m.entries IS NOT d.entries
UNION ALL
SELECT m.what, m.month, m.currency, 0, m.amount_minor FROM months m
  WHERE (m.amount_minor <> 0 OR m.entries <> 0)
    AND NOT EXISTS (SELECT 1 FROM days d WHERE d.what = m.what AND d.month = m.month AND d.currency = m.currency)
)sql");
  q.bind(1, st.workspace_id);
  report_total_mismatches(q, report, "monthly", "its days");
}

void check_open_totals(store::Store& st, std::vector<std::string>& out) {
  Report report(out);
  SQLite::Statement q(st.db, R"sql(
WITH actual (due_date, currency, balance_minor, invoices) AS (
  SELECT due_date, currency, sum(total_minor - paid_minor), count(*) FROM invoice
  WHERE ws = ?1 AND state = 'open' GROUP BY due_date, currency),
stored AS (SELECT due_date, currency, balance_minor, invoices FROM invoicing_open_total
  WHERE ws = ?1 AND (invoices <> 0 OR balance_minor <> 0))
SELECT a.due_date, a.currency, a.balance_minor, coalesce(s.balance_minor, 0) FROM actual a
  LEFT JOIN stored s ON s.due_date = a.due_date AND s.currency = a.currency
  WHERE s.balance_minor IS NOT a.balance_minor OR s.invoices IS NOT a.invoices
UNION ALL
SELECT s.due_date, s.currency, 0, s.balance_minor FROM stored s
  WHERE NOT EXISTS (SELECT 1 FROM actual a WHERE a.due_date = s.due_date AND a.currency = s.currency)
)sql");
  q.bind(1, st.workspace_id);
  while (q.executeStep()) {
    std::string currency = q.getColumn(1).getString();
    report.add("open invoices due " + q.getColumn(0).getString() + " total " + money(q.getColumn(3).getInt64(), currency) +
               " in the running totals but " + money(q.getColumn(2).getInt64(), currency) + " in the invoices");
  }
}

void check_search_index(store::Store& st, std::vector<std::string>& out) {
  // FTS5's integrity check is an INSERT: a ledger opened read-only skips it.
  if (store::is_read_only(st.db)) return;
  try {
    st.db.exec("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)");
  } catch (const std::exception& e) {
    out.push_back(std::string("the customer search index does not match the customers: ") + e.what());
  }
}

}  // namespace

std::vector<std::string> doctor(store::Store& st) {
  std::vector<std::string> out;
  check_invoice_arithmetic(st, out);
  check_paid_amounts(st, out);
  check_receivable(st, out);
  check_ledger_links(st, out);
  check_daily_totals(st, out);
  check_monthly_totals(st, out);
  check_open_totals(st, out);
  check_search_index(st, out);
  return out;
}

}  // namespace tally::invoicing
