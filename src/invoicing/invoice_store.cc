#include "invoicing/invoice_store.h"

#include <SQLiteCpp/Statement.h>

#include "invoicing/amounts.h"
#include "invoicing/common.h"
#include "invoicing/dates.h"
#include "invoicing/output_schema.h"
#include "mcp/tool.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::invoicing {

using mcp::json;

const char* const kInvoiceSelect =
    "SELECT i.seq, i.id, i.number, c.id, c.name, c.organization, c.email, i.status, i.issue_date, "
    "i.due_date, i.currency, i.subtotal_minor, i.tax_rate_ppm, i.gratuity_rate_ppm, i.tax_minor, "
    "i.gratuity_minor, i.total_minor, i.paid_minor, i.notes, i.ledger_txn_id, i.void_txn_id, i.sent_at, "
    "i.voided_at, i.void_reason, i.created_at FROM invoice i JOIN customer c ON c.seq = i.customer_seq ";

Invoice read_invoice(SQLite::Statement& q) {
  Invoice inv;
  int k = 0;
  inv.seq = q.getColumn(k++).getInt64();
  inv.id = q.getColumn(k++).getString();
  inv.number = q.getColumn(k++).getString();
  inv.customer_id = q.getColumn(k++).getString();
  inv.customer_name = q.getColumn(k++).getString();
  inv.customer_organization = opt_text(q.getColumn(k++));
  inv.customer_email = opt_text(q.getColumn(k++));
  inv.status = q.getColumn(k++).getString();
  inv.issue_date = q.getColumn(k++).getString();
  inv.due_date = q.getColumn(k++).getString();
  inv.currency = q.getColumn(k++).getString();
  inv.subtotal_minor = q.getColumn(k++).getInt64();
  inv.tax_rate_ppm = q.getColumn(k++).getInt64();
  inv.gratuity_rate_ppm = q.getColumn(k++).getInt64();
  inv.tax_minor = q.getColumn(k++).getInt64();
  inv.gratuity_minor = q.getColumn(k++).getInt64();
  inv.total_minor = q.getColumn(k++).getInt64();
  inv.paid_minor = q.getColumn(k++).getInt64();
  inv.notes = opt_text(q.getColumn(k++));
  inv.ledger_txn_id = opt_text(q.getColumn(k++));
  inv.void_txn_id = opt_text(q.getColumn(k++));
  inv.sent_at = opt_text(q.getColumn(k++));
  inv.voided_at = opt_text(q.getColumn(k++));
  inv.void_reason = opt_text(q.getColumn(k++));
  inv.created_at = q.getColumn(k++).getString();
  return inv;
}

std::string derived_status(const Invoice& inv, const std::string& today) {
  if (inv.status != "sent") return inv.status;
  if (inv.paid_minor >= inv.total_minor) return "paid";
  if (inv.due_date < today) return "overdue";
  if (inv.paid_minor > 0) return "partial";
  return "sent";
}

std::optional<Invoice> find_invoice(store::Store& st, const std::string& ref) {
  std::string key = trim(ref);
  auto lookup = [&](const char* where, const std::string& value) -> std::optional<Invoice> {
    store::Prepared q = st.prepared(std::string(kInvoiceSelect) + where);
    q.bind(1, value);
    q.bind(2, st.workspace_id);
    if (!q.executeStep()) return std::nullopt;
    return read_invoice(q);
  };
  if (key.rfind("inv_", 0) == 0)
    if (auto inv = lookup("WHERE i.id = ? AND i.ws = ?", key)) return inv;
  if (!key.empty() && key[0] == '#') key = trim(key.substr(1));
  if (key.empty()) return std::nullopt;
  return lookup("WHERE i.number = ? COLLATE NOCASE AND i.ws = ?", key);
}

Invoice require_invoice(store::Store& st, const std::string& ref) {
  auto inv = find_invoice(st, ref);
  if (!inv) throw mcp::ToolError("Invoice not found: \"" + ref + "\" (give its id, inv_…, or its number)");
  return *inv;
}

json invoice_summary_json(const Invoice& inv, const std::string& today) {
  const store::Currency cur = *store::find_currency(inv.currency);
  std::string status = derived_status(inv, today);
  json j{{"id", inv.id},
         {"number", inv.number},
         {"status", status},
         {"customer", {{"id", inv.customer_id}, {"name", inv.customer_name},
                       {"organization", json_or_null(inv.customer_organization)}}},
         {"issueDate", inv.issue_date},
         {"dueDate", inv.due_date},
         {"total", store::money_json(inv.total_minor, cur)},
         {"paid", store::money_json(inv.paid_minor, cur)},
         {"balanceDue", store::money_json(inv.balance_due(), cur)}};
  if (status == "overdue") j["daysOverdue"] = util::days_between(inv.due_date, today);
  return j;
}

namespace {

json invoice_summary_properties() {
  return {{"id", out::str("invoice id, inv_…")},
          {"number", out::str("invoice number, e.g. \"1429\"")},
          {"status", out::str("derived now: draft, sent, partial, overdue, paid or void")},
          {"customer", out::object({{"id", out::str()}, {"name", out::str()}, {"organization", out::opt_str()},
                                    {"email", out::opt_str()}},
                                   {"id", "name"})},
          {"issueDate", out::str()},
          {"dueDate", out::str()},
          {"total", store::money_schema(out::kMoney, "subtotal + tax + gratuity")},
          {"paid", store::money_schema(out::kMoney, "sum of payments recorded")},
          {"balanceDue", store::money_schema(out::kMoney, "total - paid; 0 for drafts and void invoices")},
          {"daysOverdue", out::integer("days past the due date (overdue invoices only)")}};
}

json lines_json(store::Store& st, const Invoice& inv, const store::Currency& cur) {
  store::Prepared q = st.prepared("SELECT position, item_name, description, rate_minor, qty_milli, line_total_minor "
                      "FROM invoice_line WHERE invoice_seq = ? ORDER BY position");
  q.bind(1, inv.seq);
  json lines = json::array();
  while (q.executeStep())
    lines.push_back({{"position", q.getColumn(0).getInt64()},
                     {"itemName", q.getColumn(1).getString()},
                     {"description", json_or_null(opt_text(q.getColumn(2)))},
                     {"rate", store::money_json(q.getColumn(3).getInt64(), cur)},
                     {"quantity", format_scaled(q.getColumn(4).getInt64(), 3)},
                     {"amount", store::money_json(q.getColumn(5).getInt64(), cur)}});
  return lines;
}

json payments_json(store::Store& st, const Invoice& inv, const store::Currency& cur) {
  store::Prepared q = st.prepared("SELECT p.id, p.date, p.payment_type, p.amount_minor, a.name, p.reference, p.notes "
                      "FROM payment p LEFT JOIN account a ON a.id = p.deposit_account_id "
                      "WHERE p.invoice_seq = ? ORDER BY p.date, p.seq");
  q.bind(1, inv.seq);
  json payments = json::array();
  while (q.executeStep())
    payments.push_back({{"id", q.getColumn(0).getString()},
                        {"date", q.getColumn(1).getString()},
                        {"paymentType", q.getColumn(2).getString()},
                        {"amount", store::money_json(q.getColumn(3).getInt64(), cur)},
                        {"depositTo", q.getColumn(4).getString()},  // the ledger account's name
                        {"reference", json_or_null(opt_text(q.getColumn(5)))},
                        {"notes", json_or_null(opt_text(q.getColumn(6)))}});
  return payments;
}

}  // namespace

json invoice_summary_schema() {
  json props = invoice_summary_properties();
  return {{"type", "object"},
          {"properties", props},
          {"required", {"id", "number", "status", "customer", "issueDate", "dueDate", "total", "paid", "balanceDue"}}};
}

json invoice_detail_json(store::Store& st, const Invoice& inv, const std::string& today) {
  const store::Currency cur = *store::find_currency(inv.currency);
  json j = invoice_summary_json(inv, today);
  j["customer"]["email"] = json_or_null(inv.customer_email);
  j["currency"] = inv.currency;
  j["lines"] = lines_json(st, inv, cur);
  j["subtotal"] = store::money_json(inv.subtotal_minor, cur);
  j["taxRatePercent"] = percent_from_ppm(inv.tax_rate_ppm);
  j["tax"] = store::money_json(inv.tax_minor, cur);
  j["gratuityRatePercent"] = percent_from_ppm(inv.gratuity_rate_ppm);
  j["gratuity"] = store::money_json(inv.gratuity_minor, cur);
  j["payments"] = payments_json(st, inv, cur);
  j["notes"] = json_or_null(inv.notes);
  j["sentAt"] = json_or_null(inv.sent_at);
  j["voidedAt"] = json_or_null(inv.voided_at);
  j["voidReason"] = json_or_null(inv.void_reason);
  j["ledgerTransactionId"] = json_or_null(inv.ledger_txn_id);
  j["voidTransactionId"] = json_or_null(inv.void_txn_id);
  j["createdAt"] = inv.created_at;
  return j;
}

json invoice_detail_schema() {
  json props = invoice_summary_properties();
  props["currency"] = out::str();
  props["lines"] = out::array(
      out::object({{"position", out::integer()},
                   {"itemName", out::str()},
                   {"description", out::opt_str()},
                   {"rate", store::money_schema(out::kMoney, "price per unit")},
                   {"quantity", out::str("exact decimal, up to 3 decimals")},
                   {"amount", store::money_schema(out::kMoney, "rate x quantity, rounded half up to the minor unit")}},
                  {"position", "itemName", "rate", "quantity", "amount"}));
  props["subtotal"] = store::money_schema(out::kMoney, "sum of the line amounts");
  props["taxRatePercent"] = out::str();
  props["tax"] = store::money_schema(out::kMoney, "subtotal x tax rate, rounded half up");
  props["gratuityRatePercent"] = out::str();
  props["gratuity"] = store::money_schema(out::kMoney, "subtotal x gratuity rate, rounded half up");
  props["payments"] = out::array(out::object({{"id", out::str()},
                                              {"date", out::str()},
                                              {"paymentType", out::str()},
                                              {"amount", store::money_schema(out::kMoney)},
                                              {"depositTo", out::str("the ledger account the money went into")},
                                              {"reference", out::opt_str()},
                                              {"notes", out::opt_str()}},
                                             {"id", "date", "paymentType", "amount"}));
  props["notes"] = out::opt_str();
  props["sentAt"] = out::opt_str();
  props["voidedAt"] = out::opt_str();
  props["voidReason"] = out::opt_str();
  props["ledgerTransactionId"] = out::opt_str("the ledger transaction that issued it (A/R against income)");
  props["voidTransactionId"] = out::opt_str("the ledger reversal made when it was voided");
  props["createdAt"] = out::str();
  return {{"type", "object"},
          {"properties", props},
          {"required", {"id", "number", "status", "customer", "issueDate", "dueDate", "currency", "lines", "subtotal",
                        "tax", "gratuity", "total", "paid", "balanceDue", "payments"}}};
}

}  // namespace tally::invoicing
