// invoicing_void_payment and invoicing_void_expense: a payment or expense
// recorded wrongly is reversed in the ledger (ledger::reverse_transaction,
// dated today or its own date if later), its running totals and the invoice's
// paid amount are taken back, and the record moves to invoicing_voided; all
// in one transaction, so `tally doctor` stays clean.
#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"
#include "ledger/dry_run.h"
#include "invoicing/common.h"
#include "invoicing/daily_totals.h"
#include "invoicing/invoice_store.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "ledger/transactions.h"
#include "mcp/schema.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

/// One payment or expense row, as much as voiding it needs.
struct Record {
  std::int64_t seq = 0;
  std::string id, date, currency, ledger_txn_id, json_text;
  std::int64_t amount_minor = 0;
  std::int64_t invoice_seq = 0;  ///< payments only
};

[[noreturn]] void already_void(store::Store& st, const std::string& what, const std::string& id) {
  store::Prepared q = st.prepared("SELECT void_txn_id, voided_at FROM invoicing_voided WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (q.executeStep())
    throw mcp::ToolError(what + " " + id + " is already void (reversed by " + q.getColumn(0).getString() + " on " +
                         q.getColumn(1).getString().substr(0, 10) + ").");
  throw mcp::ToolError(what + " not found: " + (what == "Payment" ? "paymentId" : "expenseId") + " \"" + id + "\"");
}

Record load(store::Store& st, const std::string& kind, const std::string& id) {
  // json_object keeps the whole record, so the archive says what was voided.
  const std::string sql =
      kind == "payment"
          ? "SELECT seq, id, date, currency, ledger_txn_id, amount_minor, invoice_seq, json_object('id', id, "
            "'invoiceSeq', invoice_seq, 'date', date, 'paymentType', payment_type, 'depositAccountId', "
            "deposit_account_id, 'currency', currency, 'amountMinor', amount_minor, 'reference', reference, 'notes', "
            "notes, 'ledgerTransactionId', ledger_txn_id, 'createdAt', created_at) FROM payment WHERE id = ? AND ws = ?"
          : "SELECT seq, id, date, currency, ledger_txn_id, amount_minor, 0, json_object('id', id, 'date', date, "
            "'vendor', vendor, 'expenseType', expense_type, 'category', category, 'currency', currency, "
            "'amountMinor', amount_minor, 'paidFromAccountId', paid_from_account_id, 'notes', notes, "
            "'ledgerTransactionId', ledger_txn_id, 'createdAt', created_at) FROM expense WHERE id = ? AND ws = ?";
  store::Prepared q = st.prepared(sql);
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) already_void(st, kind == "payment" ? "Payment" : "Expense", id);
  Record r;
  r.seq = q.getColumn(0).getInt64();
  r.id = q.getColumn(1).getString();
  r.date = q.getColumn(2).getString();
  r.currency = q.getColumn(3).getString();
  r.ledger_txn_id = q.getColumn(4).getString();
  r.amount_minor = q.getColumn(5).getInt64();
  r.invoice_seq = q.getColumn(6).getInt64();
  r.json_text = q.getColumn(7).getString();
  return r;
}

/// Reverses the record's transaction, archives it and removes it; returns what the tools answer.
json void_record(store::Store& st, const std::string& kind, const Record& r, const mcp::Args& a) {
  const std::string reason = text_arg(a, "reason").value_or("");
  const std::string void_txn = ledger::reverse_transaction(
      st, r.ledger_txn_id,
      {.source = "invoicing", .source_ref = r.id, .reason = reason, .force = a.boolean("force"),
       .sources_of_original = {"invoicing"}});
  const std::string now = st.clock.now_iso();
  store::Prepared keep = st.prepared(
      "INSERT INTO invoicing_voided (id, ws, kind, record, ledger_txn_id, void_txn_id, reason, voided_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  keep.bind(1, r.id);
  keep.bind(2, st.workspace_id);
  keep.bind(3, kind);
  keep.bind(4, r.json_text);
  keep.bind(5, r.ledger_txn_id);
  keep.bind(6, void_txn);
  bind_opt(keep, 7, text_arg(a, "reason"));
  keep.bind(8, now);
  keep.exec();
  store::Prepared gone = st.prepared(kind == "payment" ? "DELETE FROM payment WHERE seq = ?" : "DELETE FROM expense WHERE seq = ?");
  gone.bind(1, r.seq);
  gone.exec();
  remove_daily_total(st, kind == "payment" ? "income" : "expense", r.date, r.currency, r.amount_minor);
  return {{"id", r.id},
          {"kind", kind},
          {"date", r.date},
          {"amount", store::money_json(r.amount_minor, *store::find_currency(r.currency))},
          {"ledgerTransactionId", r.ledger_txn_id},
          {"voidTransactionId", void_txn},
          {"reason", json_or_null(text_arg(a, "reason"))},
          {"voidedAt", now},
          {"record", json::parse(r.json_text)}};
}

mcp::ToolResult void_payment(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Record r = load(st, "payment", a.str("paymentId"));
  json voided = void_record(st, "payment", r, a);
  store::Prepared paid = st.prepared("UPDATE invoice SET paid_minor = paid_minor - ? WHERE seq = ?");
  paid.bind(1, r.amount_minor);
  paid.bind(2, r.invoice_seq);
  paid.exec();
  store::Prepared number = st.prepared("SELECT id FROM invoice WHERE seq = ?");
  number.bind(1, r.invoice_seq);
  number.executeStep();
  const std::string invoice_id = number.getColumn(0).getString();
  ctx.check_cancelled();
  json result{{"voided", voided}, {"invoice", invoice_summary_json(require_invoice(st, invoice_id), st.today())}};
  tx.commit();
  return mcp::ToolResult::of(result);
}

mcp::ToolResult void_expense(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Record r = load(st, "expense", a.str("expenseId"));
  json result{{"voided", void_record(st, "expense", r, a)}};
  ctx.check_cancelled();
  tx.commit();
  return mcp::ToolResult::of(result);
}

json voided_schema() {
  return out::object({{"id", out::str("the payment (pay_…) or expense (exp_…) id")},
                      {"kind", out::str("payment or expense")},
                      {"date", out::str("its date")},
                      {"amount", store::money_schema(out::kMoney)},
                      {"ledgerTransactionId", out::str("the transaction it had posted")},
                      {"voidTransactionId", out::str("the reversal, dated today (or the record's date if later)")},
                      {"reason", out::opt_str()},
                      {"voidedAt", out::str()},
                      {"record", out::described({{"type", "object"}}, "the record as it was")}},
                     {"id", "kind", "amount", "ledgerTransactionId", "voidTransactionId"});
}

std::vector<s::Field> void_params(const char* id_name, const char* id_text) {
  return {s::string(id_name).required().min_length(1).max_length(64).describe(id_text),
          s::string("reason").max_length(500).describe("Why; kept with the record and on the reversal"),
          s::boolean("force").def(false).describe(
              "Reverse even when its ledger transaction is reconciled against a statement (a reason is then required)")};
}

}  // namespace

std::vector<mcp::ToolSpec> void_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_void_payment",
       .title = "Void a payment",
       .description = "Void a payment recorded wrongly: its ledger posting is reversed (dated today), the invoice's "
                      "balance due comes back and the payment leaves payments_report and the summary. To correct "
                      "it, void it and record the right one. Voiding again is refused with when it was voided.",
       .input_schema = s::object_schema(void_params("paymentId", "The payment id (pay_…)")),
       .output_schema = out::object({{"voided", voided_schema()}, {"invoice", invoice_summary_schema()}},
                                    {"voided", "invoice"}),
       .annotations = mcp::kDestructive,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
         store::Store& st = app::store_of(ctx);
         return void_payment(st, a, ctx);
       }}));
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_void_expense",
       .title = "Void an expense",
       .description = "Void an expense recorded wrongly: its ledger posting is reversed (dated today) and it leaves "
                      "list_expenses and the summary. To correct it, void it and record the right one.",
       .input_schema = s::object_schema(void_params("expenseId", "The expense id (exp_…)")),
       .output_schema = out::object({{"voided", voided_schema()}}, {"voided"}),
       .annotations = mcp::kDestructive,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
         store::Store& st = app::store_of(ctx);
         return void_expense(st, a, ctx);
       }}));
  return tools;
}

}  // namespace tally::invoicing
