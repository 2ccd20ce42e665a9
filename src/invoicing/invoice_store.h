#pragma once
// Invoices as stored, their derived status, and their JSON. Status is derived at
// read time from what is stored (domain.md "One ledger"): void, draft, paid,
// overdue (due before today), partial, sent. Nothing stale is ever stored.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::invoicing {

struct Invoice {
  std::int64_t seq = 0;
  std::string id;
  std::string number;
  std::string customer_id, customer_name;
  std::optional<std::string> customer_organization, customer_email;
  std::string status;  ///< as stored: draft, sent, void
  std::string issue_date, due_date, currency;
  std::int64_t subtotal_minor = 0, tax_rate_ppm = 0, gratuity_rate_ppm = 0;
  std::int64_t tax_minor = 0, gratuity_minor = 0, total_minor = 0, paid_minor = 0;
  std::optional<std::string> notes, ledger_txn_id, void_txn_id, sent_at, voided_at, void_reason;
  std::string created_at;

  std::int64_t balance_due() const { return status == "sent" ? total_minor - paid_minor : 0; }
};

/// The status a user sees on `today` (YYYY-MM-DD).
std::string derived_status(const Invoice& inv, const std::string& today);

/// SELECT list and FROM clause reading an Invoice (invoice i JOIN customer c).
extern const char* const kInvoiceSelect;
Invoice read_invoice(SQLite::Statement& q);

/// By id (inv_…), else by number: "1429", "#1429" and "INV-1429"-style numbers as
/// stored, any case. Nullopt when neither matches in the workspace.
std::optional<Invoice> find_invoice(store::Store& st, const std::string& ref);
/// find_invoice, or throws ToolError `Invoice not found: "1429"`.
Invoice require_invoice(store::Store& st, const std::string& ref);

/// The row list_invoices shows.
mcp::json invoice_summary_json(const Invoice& inv, const std::string& today);
mcp::json invoice_summary_schema();
/// Everything get_invoice shows: lines, payments, notes and ledger links.
mcp::json invoice_detail_json(store::Store& st, const Invoice& inv, const std::string& today);
mcp::json invoice_detail_schema();

}  // namespace tally::invoicing
