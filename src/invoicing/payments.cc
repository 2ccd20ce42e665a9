// invoicing_record_payment and payments_report (seed 003).
#include <SQLiteCpp/Statement.h>
#include "app/call_store.h"
#include "ledger/dry_run.h"
#include "store/transaction.h"

#include "invoicing/common.h"
#include "invoicing/daily_totals.h"
#include "invoicing/dates.h"
#include "invoicing/invoice_store.h"
#include "invoicing/ledger_link.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "store/money.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr int kReportRows = 500;
constexpr const char* kReportText =
    "Generate a payments report within a date range. Returns payment details linked to their invoices, "
    "including customer name, invoice number, payment type, amount, and dates.";

std::string money_text(std::int64_t minor, const store::Currency& cur) {
  return store::format_minor(minor, cur.exponent) + " " + std::string(cur.code);
}

mcp::ToolResult record_payment(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Invoice inv = require_invoice(st, a.str("invoiceId"));
  if (inv.status == "draft")
    throw mcp::ToolError("Invoice " + inv.number + " is a draft; send it before recording a payment.");
  if (inv.status == "void") throw mcp::ToolError("Invoice " + inv.number + " is void; it takes no payments.");
  const store::Currency cur = *store::find_currency(inv.currency);
  std::int64_t amount = positive_money_arg(a, "amount", cur);
  std::int64_t due = inv.balance_due();
  if (due == 0) throw mcp::ToolError("Invoice " + inv.number + " is already paid in full.");
  if (amount > due)
    throw mcp::ToolError("amount: " + money_text(amount, cur) + " is more than the balance due on invoice " +
                         inv.number + " (" + money_text(due, cur) + ")");
  std::string date = date_arg(a, "date").value_or(st.today());
  if (date < inv.issue_date)
    throw mcp::ToolError("date: " + date + " is before invoice " + inv.number + " was issued (" + inv.issue_date + ")");
  MoneyAccount deposit =
      money_account(st, a.str("depositTo"), a.opt_str("depositAccountId"), "depositAccountId", inv.currency, false);

  std::string id = st.ids.next("pay");
  std::string txn = post_payment(st, inv, id, date, amount, deposit);
  store::Prepared insert = st.prepared("INSERT INTO payment (id, ws, invoice_seq, date, payment_type, deposit_account_id, currency, "
                           "amount_minor, reference, notes, ledger_txn_id, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int k = 1;
  insert.bind(k++, id);
  insert.bind(k++, st.workspace_id);
  insert.bind(k++, inv.seq);
  insert.bind(k++, date);
  insert.bind(k++, a.str("paymentType"));
  insert.bind(k++, deposit.id);
  insert.bind(k++, inv.currency);
  insert.bind(k++, amount);
  bind_opt(insert, k++, text_arg(a, "reference"));
  bind_opt(insert, k++, text_arg(a, "notes"));
  insert.bind(k++, txn);
  insert.bind(k++, st.clock.now_iso());
  insert.exec();
  store::Prepared paid = st.prepared("UPDATE invoice SET paid_minor = paid_minor + ? WHERE seq = ?");
  paid.bind(1, amount);
  paid.bind(2, inv.seq);
  paid.exec();
  add_daily_total(st, "income", date, inv.currency, amount);
  ctx.check_cancelled();

  Invoice after = require_invoice(st, inv.id);
  std::string today = st.today();
  json result{{"payment",
               {{"id", id},
                {"date", date},
                {"paymentType", a.str("paymentType")},
                {"amount", store::money_json(amount, cur)},
                {"depositTo", deposit.name},
                {"depositAccountId", deposit.id},
                {"ledgerTransactionId", txn}}},
              {"invoice", invoice_summary_json(after, today)}};
  tx.commit();
  return mcp::ToolResult::of(result);
}

mcp::ToolResult payments_report(store::Store& st, const mcp::Args& a) {
  std::string start = *date_arg(a, "startDate");
  std::string end = *date_arg(a, "endDate");
  check_range(start, end);
  store::Prepared q = st.prepared("SELECT p.id, p.date, p.payment_type, p.currency, p.amount_minor, p.reference, a.name, "
                      "i.id, i.number, c.id, c.name FROM payment p JOIN invoice i ON i.seq = p.invoice_seq "
                      "JOIN customer c ON c.seq = i.customer_seq LEFT JOIN account a ON a.id = p.deposit_account_id "
                      "WHERE p.ws = ? AND p.date >= ? AND p.date <= ? ORDER BY p.date, p.seq LIMIT ?");
  q.bind(1, st.workspace_id);
  q.bind(2, start);
  q.bind(3, end);
  q.bind(4, kReportRows + 1);
  json rows = json::array();
  bool truncated = false;
  while (q.executeStep()) {
    if (static_cast<int>(rows.size()) == kReportRows) {
      truncated = true;
      break;
    }
    auto cur = *store::find_currency(q.getColumn(3).getString());
    rows.push_back({{"id", q.getColumn(0).getString()},
                    {"date", q.getColumn(1).getString()},
                    {"customerName", q.getColumn(10).getString()},
                    {"customerId", q.getColumn(9).getString()},
                    {"invoiceNumber", q.getColumn(8).getString()},
                    {"invoiceId", q.getColumn(7).getString()},
                    {"paymentType", q.getColumn(2).getString()},
                    {"amount", store::money_json(q.getColumn(4).getInt64(), cur)},
                    {"depositTo", q.getColumn(6).getString()},
                    {"reference", json_or_null(opt_text(q.getColumn(5)))}});
  }
  json totals = json::array();
  std::int64_t matched = 0;
  for (const PeriodTotal& t : period_totals(st, "income", start, end)) {
    totals.push_back({{"currency", t.currency},
                      {"amount", store::money_json(t.amount_minor, *store::find_currency(t.currency))},
                      {"payments", t.entries}});
    matched += t.entries;
  }
  return mcp::ToolResult::of({{"startDate", start},
                              {"endDate", end},
                              {"payments", rows},
                              {"count", rows.size()},
                              {"total", matched},
                              {"truncated", truncated},
                              {"totals", totals}});
}

}  // namespace

std::vector<mcp::ToolSpec> payment_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      {.name = "payments_report",
       .title = "Payments report",
       .description = std::string(kReportText) +
                      " Both dates are inclusive; payments come in date order (at most 500; totals cover them all, "
                      "per currency).",
       .input_schema = s::object_schema({date_param("startDate", "Start of date range").required(),
                                         date_param("endDate", "End of date range").required()}),
       .output_schema = out::object(
           {{"startDate", out::str()},
            {"endDate", out::str()},
            {"payments", out::array(out::object({{"id", out::str("payment id, pay_…")},
                                                  {"date", out::str()},
                                                  {"customerName", out::str()},
                                                  {"customerId", out::str()},
                                                  {"invoiceNumber", out::str()},
                                                  {"invoiceId", out::str()},
                                                  {"paymentType", out::str()},
                                                  {"amount", store::money_schema(out::kMoney)},
                                                  {"depositTo", out::str("the ledger account the money went into")},
                                                  {"reference", out::opt_str()}},
                                                 {"id", "date", "customerName", "invoiceNumber", "paymentType", "amount"}))},
            {"count", out::integer("payments listed")},
            {"total", out::integer("payments in the range")},
            {"truncated", out::boolean("more payments than listed; narrow the range")},
            {"totals", out::array(out::object({{"currency", out::str()}, {"amount", store::money_schema(out::kMoney)},
                                               {"payments", out::integer()}},
                                              {"currency", "amount", "payments"}),
                                  "sum per currency, never across currencies")}},
           {"startDate", "endDate", "payments", "count", "total", "truncated", "totals"}),
       .annotations = mcp::kRead,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return payments_report(st, a); }});
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_record_payment",
       .title = "Record a payment",
       .description = "Record a payment received on a sent invoice, in the invoice's currency. Never more than the "
                      "balance due. Posts the deposit account (Checking, Cash or the one given) +amount "
                      "against Accounts Receivable.",
       .input_schema = s::object_schema({
           s::string("invoiceId").required().min_length(1).max_length(64).describe("The invoice id (inv_…) or number"),
           s::decimal("amount").required().describe("Amount received, e.g. \"250.00\""),
           s::date("date").describe("Day received; default today"),
           s::enumeration("paymentType", {"cash", "check", "credit_card", "debit_card", "bank_transfer", "other"})
               .def("other"),
           s::enumeration("depositTo", {"bank", "cash"}).def("bank").describe(
               "Where the money went: bank = the ledger account Checking, cash = Cash"),
           s::string("depositAccountId").max_length(64).describe(
               "A ledger asset account (acc_…) to deposit into instead, in the invoice's currency"),
           s::string("reference").max_length(100).describe("Check number, transfer id…"),
           s::string("notes").max_length(1000),
       }),
       .output_schema = out::object({{"payment", out::object({{"id", out::str()},
                                                               {"date", out::str()},
                                                               {"paymentType", out::str()},
                                                               {"amount", store::money_schema(out::kMoney)},
                                                               {"depositTo", out::str("ledger account name")},
                                                               {"depositAccountId", out::str()},
                                                               {"ledgerTransactionId", out::str()}},
                                                              {"id", "date", "amount"})},
                                     {"invoice", invoice_summary_schema()}},
                                    {"payment", "invoice"}),
       .annotations = mcp::kCreate,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return record_payment(st, a, ctx); }}));
  return tools;
}

}  // namespace tally::invoicing
