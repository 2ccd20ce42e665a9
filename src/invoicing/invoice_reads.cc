// list_invoices and get_invoice (seed 003).
#include <SQLiteCpp/Statement.h>
#include "app/call_store.h"

#include "invoicing/common.h"
#include "invoicing/invoice_store.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "store/money.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr const char* kListText =
    "List invoices for your organization. Supports filtering by status (draft, sent, overdue, paid, etc.). "
    "Returns invoice number, customer name, amounts, status, and dates.";
constexpr const char* kGetText =
    "Get full details for a specific invoice by ID, including line items with item name, rate, quantity, "
    "totals, payments, and notes.";

/// The WHERE and ORDER BY of each status filter, over stored columns only, so
/// an index serves each one (see schema.cc): `?2` is today. (SQLite numbers
/// parameters by their largest index, so binding ?2 is fine where it is unused.)
struct StatusQuery {
  const char* where;
  const char* order;
};

StatusQuery status_query(const std::string& status) {
  constexpr const char* kNewest = " ORDER BY i.issue_date DESC, i.seq DESC";
  if (status == "overdue") return {" AND i.state = 'open' AND i.due_date < ?2", " ORDER BY i.due_date, i.seq"};
  if (status == "partial") return {" AND i.state = 'open' AND i.due_date >= ?2 AND i.paid_minor > 0", kNewest};
  if (status == "sent") return {" AND i.state = 'open' AND i.due_date >= ?2 AND i.paid_minor = 0", kNewest};
  if (status == "draft") return {" AND i.state = 'draft'", kNewest};
  if (status == "void") return {" AND i.state = 'void'", kNewest};
  if (status == "paid") return {" AND i.state = 'paid'", kNewest};
  return {"", kNewest};
}

/// Balance due per currency over every invoice the filter matches (not just the
/// page); only open invoices owe anything, and the partial index holds those.
json balance_due_totals(store::Store& st, const std::string& status, const std::string& today) {
  if (status == "draft" || status == "void" || status == "paid") return json::array();
  // The open statuses' filters already say state = 'open'; no filter means every open invoice.
  std::string filter = status.empty() ? " AND i.state = 'open'" : status_query(status).where;
  SQLite::Statement q(st.db,
                      "SELECT i.currency, sum(i.total_minor - i.paid_minor), count(*) FROM invoice i "
                      "INDEXED BY invoice_open WHERE i.ws = ?1" + filter + " GROUP BY i.currency ORDER BY i.currency");
  q.bind(1, st.workspace_id);
  if (!status.empty()) q.bind(2, today);
  json totals = json::array();
  while (q.executeStep()) {
    auto cur = *store::find_currency(q.getColumn(0).getString());
    totals.push_back({{"currency", std::string(cur.code)},
                      {"balanceDue", store::money_json(q.getColumn(1).getInt64(), cur)},
                      {"invoices", q.getColumn(2).getInt64()}});
  }
  return totals;
}

mcp::ToolResult list_invoices(store::Store& st, const mcp::Args& a) {
  std::string status = a.opt_str("status").value_or("");
  std::int64_t limit = a.integer("limit");
  std::string today = st.today();
  StatusQuery sq = status_query(status);
  SQLite::Statement q(st.db, std::string(kInvoiceSelect) + "WHERE i.ws = ?1" + sq.where + sq.order + " LIMIT ?3");
  q.bind(1, st.workspace_id);
  q.bind(2, today);
  q.bind(3, limit + 1);
  json rows = json::array();
  bool truncated = false;
  while (q.executeStep()) {
    if (static_cast<std::int64_t>(rows.size()) == limit) {
      truncated = true;
      break;
    }
    rows.push_back(invoice_summary_json(read_invoice(q), today));
  }
  json result{{"status", status.empty() ? json(nullptr) : json(status)},
              {"asOf", today},
              {"invoices", rows},
              {"count", rows.size()},
              {"truncated", truncated},
              {"balanceDueTotals", balance_due_totals(st, status, today)}};
  return mcp::ToolResult::of(result);
}

mcp::ToolResult get_invoice(store::Store& st, const mcp::Args& a) {
  Invoice inv = require_invoice(st, a.str("invoiceId"));
  return mcp::ToolResult::of(invoice_detail_json(st, inv, st.today()));
}

}  // namespace

std::vector<mcp::ToolSpec> invoice_read_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      {.name = "list_invoices",
       .title = "List invoices",
       .description = std::string(kListText) +
                      " Status is derived today: sent (issued, nothing paid, not yet due), partial (part paid, "
                      "not yet due), overdue (balance left after the due date), paid, draft, void. Overdue "
                      "invoices come most overdue first, the rest newest first. balanceDueTotals sums every "
                      "matching invoice per currency, beyond the page too.",
       .input_schema = s::object_schema(
           {s::enumeration("status", {"draft", "sent", "overdue", "paid", "partial", "void"})
                .describe("Filter by invoice status"),
            s::integer("limit").min(1).max(500).def(50).describe("Maximum number of results to return")}),
       .output_schema = out::object(
           {{"status", out::opt_str("the filter applied, null for all")},
            {"asOf", out::str("today, the day statuses are derived for")},
            {"invoices", out::array(invoice_summary_schema())},
            {"count", out::integer("invoices in this page")},
            {"truncated", out::boolean("more invoices matched than the limit")},
            {"balanceDueTotals",
             out::array(out::object({{"currency", out::str()}, {"balanceDue", store::money_schema(out::kMoney)}, {"invoices", out::integer()}},
                                    {"currency", "balanceDue", "invoices"}),
                        "per currency, never summed across currencies")}},
           {"invoices", "count", "truncated", "balanceDueTotals"}),
       .annotations = mcp::kRead,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return list_invoices(st, a); }});
  tools.push_back({.name = "get_invoice",
                   .title = "Get an invoice",
                   .description = std::string(kGetText) + " An invoice number works too: \"1429\" or \"#1429\".",
                   .input_schema = s::object_schema({s::string("invoiceId").required().min_length(1).max_length(64).describe(
                       "The invoice ID to retrieve (inv_…), or its number")}),
                   .output_schema = invoice_detail_schema(),
                   .annotations = mcp::kRead,
                   .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return get_invoice(st, a); }});
  return tools;
}

}  // namespace tally::invoicing
