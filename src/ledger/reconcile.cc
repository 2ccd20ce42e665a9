#include "ledger/reconcile.h"
#include "ledger/tool_support.h"

#include <cstdlib>

#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

/// Candidates shown at most; `candidatesTotal` counts them all.
constexpr int kMaxCandidates = 50;

// Statement and assertion amounts are given as the account shows its balance
// (a card's debt positive); stored and summed debit +.
std::int64_t signed_for(const Account& acc, std::int64_t shown) {
  return credit_normal(acc.type) ? -shown : shown;
}

std::int64_t parse_signed(const mcp::Args& a, const std::string& key, const Account& acc) {
  std::string text = a.decimal_text(key);
  std::string error;
  auto minor = store::parse_minor(text, *store::find_currency(acc.currency), error);
  if (!minor) throw ToolError(a.path_of(key) + ": " + error);
  return *minor;
}

Account open_account(store::Store& st, const mcp::Args& a) {
  Account acc = require_account(st, a.str("accountId"), "accountId");
  if (!acc.open())
    throw ToolError("accountId: account \"" + acc.name + "\" was closed on " + *acc.closed_on +
                    "; a closed account takes no statements");
  if (auto cur = a.opt_str("currency"); cur && *cur != acc.currency)
    throw ToolError("currency: the statement is in " + *cur + " but account \"" + acc.name +
                    "\" is in " + acc.currency + "; reconcile it against a " + acc.currency +
                    " statement");
  return acc;
}

std::string past_date(store::Store& st, const mcp::Args& a, const std::string& key) {
  std::string date = a.str(key);
  std::string today = st.today();
  if (date > today)
    throw ToolError(key + ": " + date + " is in the future (today is " + today +
                    "); a statement shows what happened");
  return date;
}

std::int64_t cleared_balance(store::Store& st, std::int64_t account_seq, const std::string& date) {
  SQLite::Statement q(st.db,
                      "SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN posting_cleared "
                      "c ON c.posting_id = p.id "
                      "WHERE p.account_seq = ? AND p.date <= ?");
  q.bind(1, account_seq);
  q.bind(2, date);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

ToolResult reconcile_tool(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Account acc = open_account(st, a);
  std::string date = past_date(st, a, "statementDate");
  std::int64_t statement_shown = parse_signed(a, "statementBalance", acc);
  const auto currency = *store::find_currency(acc.currency);

  int cleared_now = 0;
  if (a.has("transactionIds")) {
    auto ids = a.strings("transactionIds");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::string param = "transactionIds[" + std::to_string(i) + "]";
      SQLite::Statement t(st.db, "SELECT 1 FROM txn WHERE id = ? AND ws = ?");
      t.bind(1, ids[i]);
      t.bind(2, st.workspace_id);
      if (!t.executeStep())
        throw ToolError("Transaction not found: " + param + " \"" + ids[i] + "\"");
      SQLite::Statement p(st.db,
                          "SELECT count(*) FROM posting p JOIN txn t ON t.seq = p.txn_seq WHERE "
                          "t.id = ? AND p.account_seq = ?");
      p.bind(1, ids[i]);
      p.bind(2, acc.seq);
      p.executeStep();
      if (p.getColumn(0).getInt() == 0)
        throw ToolError(
            param + ": transaction " + ids[i] + " has no posting on account \"" + acc.name +
            "\"; only this account's transactions can be cleared against its statement");
      cleared_now += mark_cleared(st, ids[i], acc.seq);
    }
  }

  std::int64_t cleared_shown = signed_for(acc, cleared_balance(st, acc.seq, date));
  std::int64_t difference = store::checked_add(statement_shown, -cleared_shown);

  // Uncleared postings up to the statement date: an exact match of the difference
  // first, then the closest amounts, then by date.
  SQLite::Statement q(
      st.db,
      "SELECT t.id, p.date, t.description, p.amount_minor FROM posting p JOIN txn t ON t.seq = "
      "p.txn_seq "
      "WHERE p.account_seq = ?1 AND p.date <= ?2 "
      "AND NOT EXISTS (SELECT 1 FROM posting_cleared c WHERE c.posting_id = p.id) "
      "ORDER BY (?3 * p.amount_minor) <> ?4, abs(?3 * p.amount_minor - ?4), p.date, p.id");
  q.bind(1, acc.seq);
  q.bind(2, date);
  q.bind(3, credit_normal(acc.type) ? -1 : 1);
  q.bind(4, difference);
  json candidates = json::array();
  int total = 0;
  while (q.executeStep()) {
    ++total;
    if (total > kMaxCandidates) continue;
    std::int64_t shown = signed_for(acc, q.getColumn(3).getInt64());
    candidates.push_back({{"transactionId", q.getColumn(0).getString()},
                          {"date", q.getColumn(1).getString()},
                          {"description", q.getColumn(2).getString()},
                          {"amount", store::money_json(shown, currency)},
                          {"matchesDifference", shown == difference && difference != 0}});
  }

  bool finish = a.boolean("finish");
  int reconciled = 0;
  if (finish) {
    if (difference != 0)
      throw ToolError(
          "finish: the statement says " + store::format_minor(statement_shown, currency.exponent) +
          " " + acc.currency + " but the cleared balance on " + date + " is " +
          store::format_minor(cleared_shown, currency.exponent) + " (difference " +
          store::format_minor(difference, currency.exponent) +
          "); clear the missing transactions (transactionIds) first. Nothing was written.");
    SQLite::Statement r(
        st.db,
        "UPDATE posting_cleared SET state = 'reconciled', statement_date = ?1, changed_at = ?2 "
        "WHERE state = 'cleared' AND posting_id IN "
        "(SELECT id FROM posting WHERE account_seq = ?3 AND date <= ?1)");
    r.bind(1, date);
    r.bind(2, st.clock.now_iso());
    r.bind(3, acc.seq);
    reconciled = r.exec();
  }

  json out{{"accountId", acc.id},
           {"statementDate", date},
           {"statementBalance", store::money_json(statement_shown, currency)},
           {"clearedBalance", store::money_json(cleared_shown, currency)},
           {"difference", store::money_json(difference, currency)},
           {"clearedNow", cleared_now},
           {"candidates", candidates},
           {"candidatesTotal", total},
           {"reconciled", finish},
           {"reconciledPostings", reconciled}};
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult assert_balance_tool(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Account acc = require_account(st, a.str("accountId"), "accountId");
  if (auto cur = a.opt_str("currency"); cur && *cur != acc.currency)
    throw ToolError("currency: the balance is in " + *cur + " but account \"" + acc.name +
                    "\" is in " + acc.currency);
  std::string date = past_date(st, a, "date");
  std::int64_t shown = parse_signed(a, "balance", acc);
  const auto currency = *store::find_currency(acc.currency);

  SQLite::Statement old(st.db,
                        "SELECT 1 FROM balance_assertion WHERE account_seq = ? AND date = ?");
  old.bind(1, acc.seq);
  old.bind(2, date);
  bool replaced = old.executeStep();
  SQLite::Statement put(
      st.db,
      "INSERT INTO balance_assertion (account_seq, date, ws, balance_minor, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_seq, date) DO UPDATE "
      "SET balance_minor = excluded.balance_minor, created_at = excluded.created_at");
  put.bind(1, acc.seq);
  put.bind(2, date);
  put.bind(3, st.workspace_id);
  put.bind(4, signed_for(acc, shown));
  put.bind(5, st.clock.now_iso());
  put.exec();
  std::int64_t actual = signed_for(acc, account_balance_as_of(st, acc.seq, date));
  json out{{"accountId", acc.id},
           {"date", date},
           {"balance", store::money_json(shown, currency)},
           {"actual", store::money_json(actual, currency)},
           {"holds", actual == shown},
           {"replaced", replaced}};
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

}  // namespace

int mark_cleared(store::Store& st, const std::string& txn_id, std::int64_t account_seq) {
  // Prepared once: a bank import marks every line it posts.
  store::Prepared q = st.prepared("INSERT INTO posting_cleared (posting_id, state, changed_at) "
                      "SELECT p.id, 'cleared', ?1 FROM posting p JOIN txn t ON t.seq = p.txn_seq "
                      "WHERE t.id = ?2 AND p.account_seq = ?3 ON CONFLICT (posting_id) DO NOTHING");
  q.bind(1, st.clock.now_iso());
  q.bind(2, txn_id);
  q.bind(3, account_seq);
  return q.exec();
}

std::pair<std::string, std::string> reconciled_posting_of(store::Store& st, std::int64_t txn_seq) {
  SQLite::Statement q(
      st.db,
      "SELECT c.statement_date, a.name FROM posting p JOIN posting_cleared c ON c.posting_id = "
      "p.id "
      "JOIN account a ON a.seq = p.account_seq WHERE p.txn_seq = ? AND c.state = 'reconciled' "
      "ORDER BY p.id LIMIT 1");
  q.bind(1, txn_seq);
  if (!q.executeStep()) return {};
  return {q.getColumn(0).getString(), q.getColumn(1).getString()};
}

std::vector<mcp::ToolSpec> reconcile_tools() {
  std::vector<mcp::ToolSpec> tools;
  json money = store::money_schema(kMoneyWording,
                                   "as the account shows its balance (a card's debt positive)");
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_reconcile_account",
      .title = "Reconcile an account with a statement",
      .description = "Compare an account with a bank statement: the cleared balance on "
                     "statementDate (postings marked "
                     "cleared or reconciled), the difference statement − cleared, and the "
                     "uncleared postings that could "
                     "explain it (an exact match of the difference first, then by amount and "
                     "date). transactionIds marks "
                     "this account's postings in them cleared. finish: true marks the cleared "
                     "postings up to statementDate "
                     "reconciled, only when the difference is zero (else an error and nothing is "
                     "written). Amounts as the "
                     "account shows its balance: a credit card's debt is positive.",
      .input_schema = s::object_schema(
          {s::string("accountId").required().min_length(1).max_length(64),
           s::date("statementDate")
               .required()
               .describe("the statement's closing date, not after today"),
           s::decimal("statementBalance")
               .required()
               .describe("the statement's closing balance, e.g. \"1520.40\""),
           s::string("currency")
               .min_length(3)
               .max_length(3)
               .describe("the statement's; must be the account's"),
           s::array("transactionIds", json{{"type", "string"}})
               .max_items(500)
               .describe("transactions to mark cleared (their postings on this account)"),
           s::boolean("finish").def(false).describe(
               "mark the cleared postings reconciled (difference must be 0)")}),
      .output_schema = object_output(
          {{"accountId", {{"type", "string"}}},
           {"statementDate", {{"type", "string"}}},
           {"statementBalance", money},
           {"clearedBalance", money},
           {"difference", store::money_schema(kMoneyWording, "statementBalance − clearedBalance")},
           {"clearedNow",
            {{"type", "integer"}, {"description", "postings this call marked cleared"}}},
           {"candidates",
            {{"type", "array"},
             {"items", object_output({{"transactionId", {{"type", "string"}}},
                                      {"date", {{"type", "string"}}},
                                      {"description", {{"type", "string"}}},
                                      {"amount", money},
                                      {"matchesDifference", {{"type", "boolean"}}}},
                                     {"transactionId", "date", "description", "amount",
                                      "matchesDifference"})}}},
           {"candidatesTotal",
            {{"type", "integer"}, {"description", "uncleared postings up to statementDate"}}},
           {"reconciled", {{"type", "boolean"}}},
           {"reconciledPostings", {{"type", "integer"}}}},
          {"accountId", "statementDate", "statementBalance", "clearedBalance", "difference",
           "clearedNow", "candidates", "candidatesTotal", "reconciled", "reconciledPostings"}),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        return reconcile_tool(*sp, a, ctx);
      }});
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_assert_balance",
      .title = "Assert a balance",
      .description = "Record that an account held `balance` at the end of `date` (one per account "
                     "and date; a repeat "
                     "replaces it) and say whether it holds now. tally doctor checks every "
                     "assertion; exports carry them "
                     "as hledger balance assertions and beancount balance directives.",
      .input_schema = s::object_schema(
          {s::string("accountId").required().min_length(1).max_length(64),
           s::date("date").required().describe("not after today"),
           s::decimal("balance").required().describe(
               "as the account shows it (a card's debt positive)"),
           s::string("currency").min_length(3).max_length(3).describe("must be the account's")}),
      .output_schema =
          object_output({{"accountId", {{"type", "string"}}},
                         {"date", {{"type", "string"}}},
                         {"balance", money},
                         {"actual", money},
                         {"holds", {{"type", "boolean"}}},
                         {"replaced", {{"type", "boolean"}}}},
                        {"accountId", "date", "balance", "actual", "holds", "replaced"}),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        return assert_balance_tool(*sp, a, ctx);
      }});
  return tools;
}

}  // namespace tally::ledger
