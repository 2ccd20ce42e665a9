#include "ledger/transactions.h"
#include "ledger/reconcile.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/posting.h"
#include "ledger/tags.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace {

mcp::json postings_of(store::Store& st, std::int64_t txn_seq) {
  SQLite::Statement q(st.db,
                      "SELECT a.id, a.name, p.amount_minor, p.currency, p.memo FROM posting p "
                      "JOIN account a ON a.seq = p.account_seq WHERE p.txn_seq = ? ORDER BY p.id");
  q.bind(1, txn_seq);
  mcp::json out = mcp::json::array();
  while (q.executeStep()) {
    mcp::json p{{"accountId", q.getColumn(0).getString()},
                {"accountName", q.getColumn(1).getString()},
                {"amount", store::money_json(q.getColumn(2).getInt64(),
                                             *store::find_currency(q.getColumn(3).getString()))}};
    std::string memo = q.getColumn(4).getString();
    if (!memo.empty()) p["memo"] = memo;
    out.push_back(std::move(p));
  }
  return out;
}

constexpr const char* kTxnColumns =
    "t.seq, t.id, t.date, t.description, t.source, t.source_ref, "
    "(SELECT r.id FROM txn r WHERE r.seq = t.reverses_seq), "
    "(SELECT v.id FROM txn v WHERE v.reverses_seq = t.seq), t.created_at, t.payee";

mcp::json read_txn(store::Store& st, SQLite::Statement& q) {
  std::int64_t seq = q.getColumn(0).getInt64();
  mcp::json j{{"id", q.getColumn(1).getString()},
              {"date", q.getColumn(2).getString()},
              {"description", q.getColumn(3).getString()},
              {"source", q.getColumn(4).getString()}};
  std::string ref = q.getColumn(5).getString();
  if (!ref.empty()) j["sourceRef"] = ref;
  if (!q.getColumn(6).isNull()) j["reversesTransactionId"] = q.getColumn(6).getString();
  if (!q.getColumn(7).isNull()) j["voidedByTransactionId"] = q.getColumn(7).getString();
  std::string payee = q.getColumn(9).getString();
  if (!payee.empty()) j["payee"] = payee;
  if (auto tags = tags_of(st, seq); !tags.empty()) j["tags"] = tags;
  j["postings"] = postings_of(st, seq);
  j["createdAt"] = q.getColumn(8).getString();
  return j;
}

/// The number of matching transactions without walking them all: whole months
/// come from the running totals (account_month.txns, txn_month.txns); only the
/// partial months at the edges of a date range are counted on the index.
template <typename Bind>
std::int64_t count_matches(store::Store& st, const TxnFilter& f, const std::string& table,
                           const std::string& cond, Bind&& bind) {
  auto index_count = [&](const std::string& extra_cond, const std::string& from,
                         const std::string& to) {
    std::string counted = table == "txn x" ? "count(*)" : "count(DISTINCT x.txn_seq)";
    SQLite::Statement q(st.db, "SELECT " + counted + " FROM " + table + " WHERE " + extra_cond +
                                   " AND x.date >= :from AND x.date <= :to");
    if (f.account_seq)
      q.bind(":account", *f.account_seq);
    else
      q.bind(":ws", st.workspace_id);
    q.bind(":from", from);
    q.bind(":to", to);
    q.executeStep();
    return q.getColumn(0).getInt64();
  };
  if (f.by_person) {  // a person's Lent activity is small: count it directly
    SQLite::Statement q(st.db, "SELECT count(DISTINCT x.txn_seq) FROM " + table + " WHERE " + cond);
    bind(q, false);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
  // The index-counted edges are the start and end months; strip the date
  // conditions from `cond` to count them with explicit bounds.
  std::string base = f.account_seq ? "x.account_seq = :account" : "x.ws = :ws";
  std::optional<std::string> smonth, emonth;
  if (f.start_date) smonth = f.start_date->substr(0, 7);
  if (f.end_date) emonth = f.end_date->substr(0, 7);
  if (smonth && emonth && *smonth == *emonth) return index_count(base, *f.start_date, *f.end_date);
  std::int64_t total = 0;
  if (f.start_date) total += index_count(base, *f.start_date, *smonth + "-31");
  if (f.end_date) total += index_count(base, *emonth + "-01", *f.end_date);
  std::string months =
      f.account_seq ? "SELECT coalesce(sum(txns), 0) FROM account_month WHERE account_seq = :key"
                    : "SELECT coalesce(sum(txns), 0) FROM txn_month WHERE ws = :key";
  if (smonth) months += " AND month > :smonth";
  if (emonth) months += " AND month < :emonth";
  SQLite::Statement q(st.db, months);
  q.bind(":key", f.account_seq ? *f.account_seq : st.workspace_id);
  if (smonth) q.bind(":smonth", *smonth);
  if (emonth) q.bind(":emonth", *emonth);
  q.executeStep();
  return total + q.getColumn(0).getInt64();
}

}  // namespace

std::string encode_cursor(const std::string& date, std::int64_t seq) {
  return date + "~" + std::to_string(seq);
}

std::optional<std::pair<std::string, std::int64_t>> decode_cursor(const std::string& cursor) {
  auto tilde = cursor.find('~');
  if (tilde != 10 || !util::is_real_date(cursor.substr(0, 10))) return std::nullopt;
  std::string digits = cursor.substr(11);
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::make_pair(cursor.substr(0, 10), std::stoll(digits));
}

namespace {

// A search walks the workspace's transactions newest first (txn_ws_date) with
// each filter as an EXISTS on an index; the count stops at kExactCountLimit + 1.
/// One page from its keyset rows (seq, date), one more than `limit` when more follow:
/// truncated and nextCursor, then each transaction read whole.
TxnPage finish_page(store::Store& st, std::vector<std::pair<std::int64_t, std::string>> rows,
                    int limit, TxnPage page) {
  page.truncated = static_cast<int>(rows.size()) > limit;
  if (page.truncated) {
    rows.pop_back();
    page.next_cursor = encode_cursor(rows.back().second, rows.back().first);
  }
  SQLite::Statement one(st.db,
                        std::string("SELECT ") + kTxnColumns + " FROM txn t WHERE t.seq = ?");
  for (const auto& row : rows) {
    one.bind(1, row.first);
    one.executeStep();
    page.transactions.push_back(read_txn(st, one));
    one.reset();
  }
  return page;
}

// By amount alone (and dates): the page walks posting_amount_newest newest
// first and stops after limit + 1 transactions; the count reads
// posting_amount_range up to the exact-count limit. Neither touches a
// transaction that does not match.
TxnPage search_by_amount(store::Store& st, const TxnFilter& f) {
  std::string cond =
      "q.ws = :ws AND q.currency = :currency AND q.amount_minor > 0 AND q.amount_minor >= :min AND "
      "q.amount_minor <= :max";
  if (f.start_date) cond += " AND q.date >= :start";
  if (f.end_date) cond += " AND q.date <= :end";
  auto bind = [&](SQLite::Statement& q, bool with_before) {
    q.bind(":ws", st.workspace_id);
    q.bind(":currency", *f.amount_currency);
    q.bind(":min", f.min_amount.value_or(1));
    q.bind(":max", f.max_amount.value_or(std::numeric_limits<std::int64_t>::max()));
    if (f.start_date) q.bind(":start", *f.start_date);
    if (f.end_date) q.bind(":end", *f.end_date);
    if (with_before && f.before) {
      q.bind(":bdate", f.before->first);
      q.bind(":bseq", f.before->second);
    }
  };
  TxnPage page;
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    store::Prepared q = st.prepared(
        "SELECT q.txn_seq, q.date FROM posting q INDEXED BY posting_amount_newest WHERE " + cond +
        (f.before ? " AND (q.date, q.txn_seq) < (:bdate, :bseq)" : "") +
        " GROUP BY q.date, q.txn_seq ORDER BY q.date DESC, q.txn_seq DESC LIMIT " +
        std::to_string(f.limit + 1));
    bind(q, true);
    while (q.executeStep())
      rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  }
  {
    // Distinct transactions counted here, not by SQLite's DISTINCT: its
    // temporary b-tree cost more than the scan (9 ms at the limit).
    store::Prepared q = st.prepared(
        "SELECT q.txn_seq FROM posting q INDEXED BY posting_amount_range WHERE " + cond);
    bind(q, false);
    std::unordered_set<std::int64_t> seen;
    auto counted = [&] { return static_cast<std::int64_t>(seen.size()); };
    while (counted() <= kExactCountLimit && q.executeStep()) seen.insert(q.getColumn(0).getInt64());
    page.total_is_exact = counted() <= kExactCountLimit;
    page.total = page.total_is_exact ? counted() : kExactCountLimit;
  }
  return finish_page(st, std::move(rows), f.limit, std::move(page));
}

TxnPage search_transactions(store::Store& st, const TxnFilter& f) {
  if (f.amount_currency && !f.match && !f.tag_fold && !f.by_category && !f.by_person &&
      !f.account_seq)
    return search_by_amount(st, f);
  auto in_list = [](const std::vector<std::int64_t>& seqs) {
    std::string s;
    for (std::size_t i = 0; i < seqs.size(); ++i) s += (i ? "," : "") + std::to_string(seqs[i]);
    return s.empty() ? std::string("NULL") : s;
  };
  std::string cond = "x.ws = :ws";
  if (f.start_date) cond += " AND x.date >= :start";
  if (f.end_date) cond += " AND x.date <= :end";
  if (f.account_seq)
    cond +=
        " AND EXISTS (SELECT 1 FROM posting q WHERE q.txn_seq = x.seq AND q.account_seq = "
        ":account)";
  if (f.by_person)
    cond += " AND EXISTS (SELECT 1 FROM posting q WHERE q.txn_seq = x.seq AND q.account_seq IN (" +
            in_list(f.person_account_seqs) + "))";
  if (f.by_category)
    cond += " AND EXISTS (SELECT 1 FROM posting q WHERE q.txn_seq = x.seq AND q.account_seq IN (" +
            in_list(f.category_account_seqs) + "))";
  if (f.tag_fold)
    cond += " AND EXISTS (SELECT 1 FROM txn_tag g WHERE g.txn_seq = x.seq AND g.tag_fold = :tag)";
  if (f.match) cond += " AND x.seq IN (SELECT rowid FROM txn_fts WHERE txn_fts MATCH :match)";
  if (f.amount_currency)  // index posting_amount_range
    cond +=
        " AND x.seq IN (SELECT q.txn_seq FROM posting q WHERE q.ws = :ws AND q.currency = "
        ":currency "
        "AND q.amount_minor > 0 AND q.amount_minor >= :min AND q.amount_minor <= :max)";
  auto bind = [&](SQLite::Statement& q, bool with_before) {
    q.bind(":ws", st.workspace_id);
    if (f.start_date) q.bind(":start", *f.start_date);
    if (f.end_date) q.bind(":end", *f.end_date);
    if (f.account_seq) q.bind(":account", *f.account_seq);
    if (f.tag_fold) q.bind(":tag", *f.tag_fold);
    if (f.match) q.bind(":match", *f.match);
    if (f.amount_currency) {
      q.bind(":currency", *f.amount_currency);
      q.bind(":min", f.min_amount.value_or(1));
      q.bind(":max", f.max_amount.value_or(std::numeric_limits<std::int64_t>::max()));
    }
    if (with_before && f.before) {
      q.bind(":bdate", f.before->first);
      q.bind(":bseq", f.before->second);
    }
  };
  TxnPage page;
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    SQLite::Statement q(st.db, "SELECT x.seq, x.date FROM txn x WHERE " + cond +
                                   (f.before ? " AND (x.date, x.seq) < (:bdate, :bseq)" : "") +
                                   " ORDER BY x.date DESC, x.seq DESC LIMIT " +
                                   std::to_string(f.limit + 1));
    bind(q, true);
    while (q.executeStep())
      rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  }
  {
    SQLite::Statement q(st.db, "SELECT count(*) FROM (SELECT 1 FROM txn x WHERE " + cond +
                                   " LIMIT " + std::to_string(kExactCountLimit + 1) + ")");
    bind(q, false);
    q.executeStep();
    page.total = q.getColumn(0).getInt64();
    page.total_is_exact = page.total <= kExactCountLimit;
    if (!page.total_is_exact) page.total = kExactCountLimit;
  }
  return finish_page(st, std::move(rows), f.limit, std::move(page));
}

}  // namespace

TxnPage list_transactions(store::Store& st, const TxnFilter& f) {
  if (f.searching()) return search_transactions(st, f);
  // Each shape walks an index in (date, seq) order and stops after limit + 1
  // distinct transactions: by account (posting_account), by person (their Lent
  // accounts), or the whole workspace (txn_ws_date). SQL is built with only the
  // conditions in use so SQLite keeps to the index range.
  std::string person_in;
  for (std::size_t i = 0; i < f.person_account_seqs.size(); ++i)
    person_in += (i ? "," : "") + std::to_string(f.person_account_seqs[i]);
  if (person_in.empty()) person_in = "NULL";

  std::string table, cond;
  if (f.account_seq) {
    table = "posting x";
    cond = "x.account_seq = :account";
    if (f.by_person)
      cond +=
          " AND EXISTS (SELECT 1 FROM posting pp WHERE pp.txn_seq = x.txn_seq AND pp.account_seq "
          "IN (" +
          person_in + "))";
  } else if (f.by_person) {
    table = "posting x";
    cond = "x.account_seq IN (" + person_in + ")";
  } else {
    table = "txn x";
    cond = "x.ws = :ws";
  }
  std::string seq_col = f.account_seq || f.by_person ? "x.txn_seq" : "x.seq";
  if (f.start_date) cond += " AND x.date >= :start";
  if (f.end_date) cond += " AND x.date <= :end";
  std::string page_cond = cond;
  if (f.before) page_cond += " AND (x.date, " + seq_col + ") < (:bdate, :bseq)";

  auto bind = [&](SQLite::Statement& q, bool with_before) {
    if (f.account_seq) q.bind(":account", *f.account_seq);
    if (!f.account_seq && !f.by_person) q.bind(":ws", st.workspace_id);
    if (f.start_date) q.bind(":start", *f.start_date);
    if (f.end_date) q.bind(":end", *f.end_date);
    if (with_before && f.before) {
      q.bind(":bdate", f.before->first);
      q.bind(":bseq", f.before->second);
    }
  };

  TxnPage page;
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    SQLite::Statement q(st.db, "SELECT " + seq_col + ", x.date FROM " + table + " WHERE " +
                                   page_cond + " ORDER BY x.date DESC, " + seq_col + " DESC");
    bind(q, true);
    while (static_cast<int>(rows.size()) <= f.limit && q.executeStep()) {
      std::int64_t seq = q.getColumn(0).getInt64();
      if (!rows.empty() && rows.back().first == seq) continue;  // two postings, one account
      rows.emplace_back(seq, q.getColumn(1).getString());
    }
  }
  page.total = count_matches(st, f, table, cond, bind);
  return finish_page(st, std::move(rows), f.limit, std::move(page));
}

mcp::json transaction_json(store::Store& st, const std::string& id) {
  SQLite::Statement q(
      st.db, std::string("SELECT ") + kTxnColumns + " FROM txn t WHERE t.id = ? AND t.ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return nullptr;
  return read_txn(st, q);
}

std::string reverse_transaction(store::Store& st, const std::string& id, const Reversal& how) {
  SQLite::Statement q(
      st.db,
      "SELECT seq, date, description, source, reverses_seq, source_ref FROM txn WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) throw mcp::ToolError("Transaction not found: transactionId \"" + id + "\"");
  std::int64_t seq = q.getColumn(0).getInt64();
  std::string date = q.getColumn(1).getString();
  std::string description = q.getColumn(2).getString();
  std::string source = q.getColumn(3).getString();
  if (!q.getColumn(4).isNull())
    throw mcp::ToolError("Transaction " + id +
                         " is itself a reversal; post the original again instead.");
  const auto& allowed = how.sources_of_original;
  if (std::find(allowed.begin(), allowed.end(), source) == allowed.end()) {
    // Name the remedy, so the assistant can carry on (issue 17).
    const std::string ref = q.getColumn(5).getString();
    std::string remedy;
    if (source == "affiliate") remedy = " (an affiliate payout: unpay_payout)";
    if (source == "invoicing")
      remedy = ref.starts_with("pay_")   ? " (a payment: invoicing_void_payment)"
               : ref.starts_with("exp_") ? " (an expense: invoicing_void_expense)"
                                         : " (an invoice: invoicing_void_invoice)";
    throw mcp::ToolError("Transaction " + id + " was posted by the " + source +
                         " toolset; undo it there so its records stay in step with the ledger" +
                         remedy + ".");
  }
  SQLite::Statement v(st.db, "SELECT id FROM txn WHERE reverses_seq = ?");
  v.bind(1, seq);
  if (v.executeStep())
    throw mcp::ToolError("Transaction " + id + " is already voided (by " +
                         v.getColumn(0).getString() + ").");
  // Voiding would change a balance already agreed with a bank statement.
  if (auto [statement, account] = reconciled_posting_of(st, seq); !statement.empty()) {
    if (!how.force)
      throw mcp::ToolError("Transaction " + id + " is reconciled (account \"" + account +
                           "\", statement of " + statement +
                           "); voiding it changes an agreed balance. Pass force: true with a "
                           "reason to void it anyway.");
    if (how.reason.empty())
      throw mcp::ToolError(
          "reason: required with force: true (say why a reconciled transaction is voided)");
  }

  TxnSpec spec;
  std::string today = st.today();
  spec.date = today > date ? today : date;
  spec.description = "Void: " + description + (how.reason.empty() ? "" : " (" + how.reason + ")");
  spec.source = how.source;
  spec.source_ref = how.source_ref;
  spec.reverses_txn_id = id;
  SQLite::Statement p(st.db,
                      "SELECT a.id, p.amount_minor, p.currency, p.memo FROM posting p JOIN account "
                      "a ON a.seq = p.account_seq "
                      "WHERE p.txn_seq = ? ORDER BY p.id");
  p.bind(1, seq);
  while (p.executeStep())
    spec.postings.push_back(PostingSpec{p.getColumn(0).getString(), -p.getColumn(1).getInt64(),
                                        p.getColumn(2).getString(), p.getColumn(3).getString()});
  return post(st, spec);
}

std::string void_transaction(store::Store& st, const std::string& id, const std::string& reason,
                             bool force) {
  return reverse_transaction(st, id,
                             {.source = "ledger",
                              .source_ref = id,
                              .reason = reason,
                              .force = force,
                              .sources_of_original = {"extrack", "ledger"}});
}

mcp::json transaction_output_schema() {
  auto str = [](const char* d) { return mcp::json{{"type", "string"}, {"description", d}}; };
  return {{"type", "object"},
          {"properties",
           {{"id", str("transaction id (txn_…)")},
            {"date", str("YYYY-MM-DD")},
            {"description", str("title")},
            {"source",
             str("who posted it: extrack (a draft), ledger (a void), invoicing, affiliate, …")},
            {"sourceRef", str("the source's id, e.g. the draft id")},
            {"reversesTransactionId", str("set on a reversal: the transaction it voids")},
            {"voidedByTransactionId", str("set when voided: the reversal's id")},
            {"payee", str("who was paid or paid you (drafts and imports keep it)")},
            {"tags",
             {{"type", "array"},
              {"items", {{"type", "string"}}},
              {"description", "the transaction's tags"}}},
            {"postings",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"accountId", str("account id")},
                  {"accountName", str("account name")},
                  {"amount", store::money_schema(kMoneyWording, "debit positive, credit negative")},
                  {"memo", str("note")}}},
                {"required", {"accountId", "accountName", "amount"}}}}}},
            {"createdAt", str("ISO 8601 UTC")}}},
          {"required", {"id", "date", "description", "source", "postings", "createdAt"}}};
}

}  // namespace tally::ledger
