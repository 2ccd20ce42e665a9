#include "invoicing/toolset.h"

#include <algorithm>

#include "invoicing/business.h"
#include "invoicing/doctor.h"
#include "invoicing/prompts.h"
#include "invoicing/schema.h"
#include "invoicing/tools.h"

namespace tally::invoicing {

namespace {

constexpr const char* kInstructions =
    "Invoicing (FinOpps): the seven FinOpps tools (list_invoices, get_invoice, get_financial_summary, "
    "list_expenses, payments_report, search_customers, get_business) only read. Invoice statuses are derived "
    "today: draft, sent, partial, overdue, paid, void. get_invoice also takes an invoice number (\"1429\"). "
    "Money is per currency and never summed across currencies. Data entry (write tools) starts with "
    "invoicing_: a customer, then an invoice with line items (a draft until sent), payments against it, "
    "expenses. Issuing, payments and expenses post to the ledger, so ledger balances agree with these reports; "
    "an issued invoice is changed by voiding it and creating another.";

}  // namespace

app::Toolset toolset() {
  app::Toolset set;
  set.name = "invoicing";
  set.summary = "small-business books: invoices, payments, expenses, customers";
  set.migrations = [] { return migrations(); };
  set.tools = [] {
    std::vector<mcp::ToolSpec> tools;
    for (auto group : {invoice_read_tools, summary_tools, expense_tools, payment_tools, customer_tools,
                       business_tools, invoice_write_tools, void_tools})
      for (auto& spec : group()) tools.push_back(std::move(spec));
    // The seven seed tools first, then data entry, each in declaration order.
    std::stable_partition(tools.begin(), tools.end(), [](const mcp::ToolSpec& t) { return t.annotations.read_only; });
    return tools;
  };
  set.instructions = kInstructions;
  set.prompts = [] { return prompts(); };
  set.doctor = [](store::Store& st) { return doctor(st); };
  set.init = [](store::Store& st, const std::string& currency) {
    Business b = load_business(st);
    if (b.configured) return;
    b.currency = currency;
    save_business(st, b);
  };
  return set;
}

}  // namespace tally::invoicing
