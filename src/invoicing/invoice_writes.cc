// invoicing_create_invoice, invoicing_send_invoice, invoicing_void_invoice.
// An issued invoice is never edited: it is voided (its posting reversed) and
// issued again (domain.md "One ledger").
#include <stdexcept>
#include "app/call_store.h"
#include "ledger/dry_run.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "invoicing/amounts.h"
#include "invoicing/business.h"
#include "invoicing/common.h"
#include "invoicing/customers.h"
#include "invoicing/dates.h"
#include "invoicing/invoice_store.h"
#include "invoicing/ledger_link.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "store/money.h"
#include "util/text.h"
#include "util/calendar.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

struct Line {
  std::string item_name;
  std::optional<std::string> description;
  std::int64_t rate_minor = 0, qty_milli = 0, total_minor = 0;
};

std::vector<Line> parse_lines(const mcp::Args& a, const store::Currency& cur) {
  std::vector<Line> lines;
  for (const mcp::Args& item : a.array("lines")) {
    Line line;
    auto name = text_arg(item, "itemName");
    if (!name) throw mcp::ToolError(item.path_of("itemName") + ": must not be blank");
    if (auto problem = util::name_problem(*name); !problem.empty()) throw mcp::ToolError(item.path_of("itemName") + ": " + problem);
    line.item_name = *name;
    line.description = text_arg(item, "description");
    std::string error;
    auto rate = store::parse_minor(item.decimal_text("rate"), cur, error);
    if (!rate) throw mcp::ToolError(item.path_of("rate") + ": " + error);
    if (*rate < 0)
      throw mcp::ToolError(item.path_of("rate") + ": must not be negative (got \"" + item.decimal_text("rate") + "\")");
    line.rate_minor = *rate;
    auto qty = parse_scaled(item.decimal_text("quantity"), 3, 1'000'000'000'000, error);
    if (!qty) throw mcp::ToolError(item.path_of("quantity") + ": " + error);
    if (*qty == 0) throw mcp::ToolError(item.path_of("quantity") + ": must be above zero");
    line.qty_milli = *qty;
    auto total = line_amount(line.rate_minor, line.qty_milli);
    if (!total) throw mcp::ToolError(item.path_of("rate") + ": rate × quantity is too large");
    line.total_minor = *total;
    lines.push_back(std::move(line));
  }
  return lines;
}

std::int64_t rate_arg(const mcp::Args& a, const std::string& key, std::int64_t fallback) {
  if (!a.has(key)) return fallback;
  std::string error;
  auto ppm = parse_scaled(a.decimal_text(key), 4, 1'000'000, error);
  if (!ppm) throw mcp::ToolError(a.path_of(key) + ": " + error + " (a percent from 0 to 100, e.g. \"8.875\")");
  return *ppm;
}

bool number_taken(store::Store& st, const std::string& number) {
  store::Prepared q = st.prepared("SELECT 1 FROM invoice WHERE ws = ? AND number = ? COLLATE NOCASE");
  q.bind(1, st.workspace_id);
  q.bind(2, number);
  return q.executeStep();
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
}

/// The given number (checked unique), or the business's next free one; keeps
/// the business's counter ahead of every numeric number used.
std::string assign_number(store::Store& st, const mcp::Args& a, Business& b) {
  std::string number;
  if (auto given = text_arg(a, "number")) {
    number = trim(given->front() == '#' ? given->substr(1) : *given);
    if (number.empty()) throw mcp::ToolError("number: must not be blank");
    if (number_taken(st, number)) throw mcp::ToolError("number: invoice " + number + " already exists");
  } else {
    do number = std::to_string(b.next_invoice_number++);
    while (number_taken(st, number));
  }
  if (all_digits(number) && std::stoll(number) >= b.next_invoice_number) b.next_invoice_number = std::stoll(number) + 1;
  save_business(st, b);
  return number;
}

void mark_sent(store::Store& st, Invoice& inv) {
  inv.ledger_txn_id = post_invoice_issue(st, inv);
  inv.sent_at = st.clock.now_iso();
  inv.status = "sent";
  store::Prepared q = st.prepared("UPDATE invoice SET status = 'sent', ledger_txn_id = ?, sent_at = ? WHERE seq = ?");
  q.bind(1, *inv.ledger_txn_id);
  q.bind(2, *inv.sent_at);
  q.bind(3, inv.seq);
  q.exec();
}

mcp::ToolResult create_invoice(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  auto customer = find_customer(st, a.str("customerId"));
  if (!customer) throw mcp::ToolError("Customer not found: \"" + a.str("customerId") + "\"");
  Business b = load_business(st);
  store::Currency cur = currency_arg(a.opt_str("currency").value_or(b.currency), "currency");
  std::vector<Line> lines = parse_lines(a, cur);

  Invoice inv;
  inv.customer_id = customer->id;
  inv.customer_name = customer->name;
  inv.currency = std::string(cur.code);
  inv.issue_date = date_arg(a, "issueDate").value_or(st.today());
  inv.due_date = date_arg(a, "dueDate").value_or(util::add_days(inv.issue_date, static_cast<int>(b.payment_terms_days)));
  if (inv.due_date < inv.issue_date)
    throw mcp::ToolError("dueDate (" + inv.due_date + ") is before issueDate (" + inv.issue_date + ")");
  inv.tax_rate_ppm = rate_arg(a, "taxRate", b.tax_rate_ppm);
  inv.gratuity_rate_ppm = rate_arg(a, "gratuityRate", b.gratuity_rate_ppm);
  try {
    for (const Line& line : lines) inv.subtotal_minor = store::checked_add(inv.subtotal_minor, line.total_minor);
    if (inv.subtotal_minor > store::kMaxMinor) throw std::overflow_error("subtotal");
  } catch (const std::overflow_error&) {
    throw mcp::ToolError("lines: the subtotal is too large");
  }
  if (inv.subtotal_minor <= 0) throw mcp::ToolError("lines: the subtotal must be above zero");
  inv.tax_minor = *rate_amount(inv.subtotal_minor, inv.tax_rate_ppm);
  inv.gratuity_minor = *rate_amount(inv.subtotal_minor, inv.gratuity_rate_ppm);
  inv.total_minor = inv.subtotal_minor + inv.tax_minor + inv.gratuity_minor;
  if (inv.total_minor > store::kMaxMinor) throw mcp::ToolError("lines: the total is too large");
  inv.notes = text_arg(a, "notes");
  inv.number = assign_number(st, a, b);
  inv.id = st.ids.next("inv");
  inv.status = "draft";
  inv.created_at = st.clock.now_iso();

  store::Prepared insert = st.prepared(
      "INSERT INTO invoice (id, ws, number, customer_seq, status, issue_date, due_date, currency, subtotal_minor, "
      "tax_rate_ppm, gratuity_rate_ppm, tax_minor, gratuity_minor, total_minor, notes, created_at) "
      "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int k = 1;
  insert.bind(k++, inv.id);
  insert.bind(k++, st.workspace_id);
  insert.bind(k++, inv.number);
  insert.bind(k++, customer->seq);
  insert.bind(k++, inv.issue_date);
  insert.bind(k++, inv.due_date);
  insert.bind(k++, inv.currency);
  insert.bind(k++, inv.subtotal_minor);
  insert.bind(k++, inv.tax_rate_ppm);
  insert.bind(k++, inv.gratuity_rate_ppm);
  insert.bind(k++, inv.tax_minor);
  insert.bind(k++, inv.gratuity_minor);
  insert.bind(k++, inv.total_minor);
  bind_opt(insert, k++, inv.notes);
  insert.bind(k++, inv.created_at);
  insert.exec();
  inv.seq = st.db.getLastInsertRowid();

  store::Prepared line_insert = st.prepared("INSERT INTO invoice_line (invoice_seq, position, item_name, description, rate_minor, "
                                "qty_milli, line_total_minor) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    line_insert.bind(1, inv.seq);
    line_insert.bind(2, static_cast<std::int64_t>(i + 1));
    line_insert.bind(3, lines[i].item_name);
    bind_opt(line_insert, 4, lines[i].description);
    line_insert.bind(5, lines[i].rate_minor);
    line_insert.bind(6, lines[i].qty_milli);
    line_insert.bind(7, lines[i].total_minor);
    line_insert.exec();
    line_insert.reset();
  }
  if (a.boolean("send")) mark_sent(st, inv);
  ctx.check_cancelled();
  Invoice stored = require_invoice(st, inv.id);
  json result = invoice_detail_json(st, stored, st.today());
  tx.commit();
  return mcp::ToolResult::of(result);
}

mcp::ToolResult send_invoice(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Invoice inv = require_invoice(st, a.str("invoiceId"));
  if (inv.status == "void") throw mcp::ToolError("Invoice " + inv.number + " is void; it cannot be sent.");
  if (inv.status == "draft") mark_sent(st, inv);  // sending again changes nothing
  ctx.check_cancelled();
  json result = invoice_detail_json(st, require_invoice(st, inv.id), st.today());
  tx.commit();
  return mcp::ToolResult::of(result);
}

mcp::ToolResult void_invoice(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Invoice inv = require_invoice(st, a.str("invoiceId"));
  if (inv.status != "void") {
    if (inv.paid_minor > 0)
      throw mcp::ToolError("Invoice " + inv.number + " has payments of " +
                           store::format_minor(inv.paid_minor, store::find_currency(inv.currency)->exponent) + " " +
                           inv.currency + " recorded; an invoice with payments cannot be voided (void them first with "
                           "invoicing_void_payment).");
    std::optional<std::string> void_txn;
    if (inv.status == "sent") {
      std::string today = st.today();
      void_txn = post_invoice_void(st, inv, today > inv.issue_date ? today : inv.issue_date);
    }
    store::Prepared q = st.prepared("UPDATE invoice SET status = 'void', void_txn_id = ?, voided_at = ?, void_reason = ? "
                        "WHERE seq = ?");
    bind_opt(q, 1, void_txn);
    q.bind(2, st.clock.now_iso());
    bind_opt(q, 3, text_arg(a, "reason"));
    q.bind(4, inv.seq);
    q.exec();
  }
  ctx.check_cancelled();
  json result = invoice_detail_json(st, require_invoice(st, inv.id), st.today());
  tx.commit();
  return mcp::ToolResult::of(result);
}

json line_item_schema() {
  return s::object_schema({
      s::string("itemName").required().min_length(1).max_length(200).describe("What was sold"),
      s::decimal("rate").required().describe("Price per unit, e.g. \"125.00\" (not negative)"),
      s::decimal("quantity").def("1").describe("Units, up to 3 decimals, e.g. \"2.5\""),
      s::string("description").max_length(1000),
  });
}

s::Field invoice_id_param() {
  return s::string("invoiceId").required().min_length(1).max_length(64).describe("The invoice id (inv_…) or number");
}

}  // namespace

std::vector<mcp::ToolSpec> invoice_write_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_create_invoice",
       .title = "Create an invoice",
       .description =
           "Create an invoice for a customer with line items (item name, rate, quantity). Each line is rate × "
           "quantity rounded half up to the cent; tax and gratuity are the business's rates (or the ones given) "
           "applied once to the subtotal, rounded half up. It starts as a draft with nothing posted; send it "
           "(send: true here, or invoicing_send_invoice) to issue it, which posts the receivable to the ledger. "
           "Numbers come from the business profile unless given.",
       .input_schema = s::object_schema({
           s::string("customerId").required().max_length(64).describe("The customer's id (cus_…)"),
           s::array("lines", line_item_schema()).required().min_items(1).max_items(200),
           s::string("number").min_length(1).max_length(40).describe("Invoice number; default the next one"),
           s::date("issueDate").describe("Default today"),
           s::date("dueDate").describe("Default issueDate + the business's payment terms"),
           s::string("currency").min_length(3).max_length(3).describe("Default the business's currency"),
           s::decimal("taxRate").describe("Percent of the subtotal; default the business's tax rate"),
           s::decimal("gratuityRate").describe("Percent of the subtotal; default the business's gratuity rate"),
           s::string("notes").max_length(2000),
           s::boolean("send").def(false).describe("Issue it now (posts it to the ledger)"),
       }),
       .output_schema = invoice_detail_schema(),
       .annotations = mcp::kCreate,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return create_invoice(st, a, ctx); }}));
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_send_invoice",
       .title = "Send (issue) an invoice",
       .description = "Issue a draft invoice: it becomes sent and posts Accounts Receivable +total against Sales "
                      "(and Sales Tax and Gratuity liabilities), dated its issue date. Sending it again changes "
                      "nothing. Nothing is e-mailed: Tally is local.",
       .input_schema = s::object_schema({invoice_id_param()}),
       .output_schema = invoice_detail_schema(),
       .annotations = mcp::kIdempotent,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return send_invoice(st, a, ctx); }}));
  tools.push_back(
      ledger::with_dry_run({.name = "invoicing_void_invoice",
       .title = "Void an invoice",
       .description = "Void an invoice: a draft is simply voided; a sent one also gets its ledger posting reversed "
                      "(dated today). Refused while payments are recorded on it (invoicing_void_payment voids them). To change an issued invoice, void "
                      "it and create a new one. Voiding again changes nothing.",
       .input_schema = s::object_schema({invoice_id_param(), s::string("reason").max_length(500)}),
       .output_schema = invoice_detail_schema(),
       .annotations = mcp::kUpdate,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return void_invoice(st, a, ctx); }}));
  return tools;
}

}  // namespace tally::invoicing
