#include "invoicing/business.h"
#include "app/call_store.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "invoicing/amounts.h"
#include "invoicing/common.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "util/text.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr const char* kGetBusinessText =
    "Get the business profile for your organization, including business name, contact info, "
    "address, tax and gratuity rates, and lead times.";

/// A percent with up to 4 decimals ("8.875") as parts per million.
std::int64_t percent_arg(const mcp::Args& args, const std::string& key) {
  std::string error;
  auto ppm = parse_scaled(args.decimal_text(key), 4, 1'000'000, error);
  if (!ppm) throw mcp::ToolError(args.path_of(key) + ": " + error + " (a percent from 0 to 100, e.g. \"8.875\")");
  return *ppm;
}

json business_schema() {
  return out::object(
      {{"configured", out::boolean("false while no profile has been saved (invoicing_update_business, "
                                   "or a first invoice's number); the other fields are then defaults")},
       {"name", out::str("business name")},
       {"email", out::opt_str()},
       {"phone", out::opt_str()},
       {"website", out::opt_str()},
       {"address", out::opt_str()},
       {"taxId", out::opt_str("tax registration number")},
       {"currency", out::str("currency of new invoices and expenses")},
       {"taxRatePercent", out::str("sales tax, percent of an invoice's subtotal")},
       {"gratuityRatePercent", out::str("gratuity, percent of an invoice's subtotal")},
       {"leadTimeDays", out::integer("days of notice needed before an order or event")},
       {"paymentTermsDays", out::integer("days from issue to due date on new invoices")},
       {"nextInvoiceNumber", out::integer("number the next invoice gets when none is given")},
       {"updatedAt", out::opt_str()}},
      {"configured", "name", "currency", "taxRatePercent", "gratuityRatePercent", "leadTimeDays",
       "paymentTermsDays"});
}

mcp::ToolResult get_business(store::Store& st) { return mcp::ToolResult::of(business_json(load_business(st))); }

void set_text(const mcp::Args& a, const char* key, std::optional<std::string>& field) {
  if (a.present(key)) field = text_arg(a, key);  // null or blank clears it
}

mcp::ToolResult update_business(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Business b = load_business(st);
  if (a.has("name")) {
    auto name = text_arg(a, "name");
    if (!name) throw mcp::ToolError("name: must not be blank");
    if (auto problem = util::name_problem(*name); !problem.empty()) throw mcp::ToolError("name: " + problem);
    b.name = *name;
  }
  set_text(a, "email", b.email);
  set_text(a, "phone", b.phone);
  set_text(a, "website", b.website);
  set_text(a, "address", b.address);
  set_text(a, "taxId", b.tax_id);
  if (a.has("currency")) b.currency = std::string(currency_arg(a.str("currency"), "currency").code);
  if (a.has("taxRate")) b.tax_rate_ppm = percent_arg(a, "taxRate");
  if (a.has("gratuityRate")) b.gratuity_rate_ppm = percent_arg(a, "gratuityRate");
  if (a.has("leadTimeDays")) b.lead_time_days = a.integer("leadTimeDays");
  if (a.has("paymentTermsDays")) b.payment_terms_days = a.integer("paymentTermsDays");
  if (a.has("nextInvoiceNumber")) b.next_invoice_number = a.integer("nextInvoiceNumber");
  b.updated_at = st.clock.now_iso();
  save_business(st, b);
  b.configured = true;
  ctx.check_cancelled();
  tx.commit();
  return mcp::ToolResult::of(business_json(b));
}

}  // namespace

Business load_business(store::Store& st) {
  store::Prepared q = st.prepared("SELECT name, email, phone, website, address, tax_id, currency, tax_rate_ppm, "
                      "gratuity_rate_ppm, lead_time_days, payment_terms_days, next_invoice_number, updated_at "
                      "FROM business WHERE ws = ?");
  q.bind(1, st.workspace_id);
  Business b;
  if (!q.executeStep()) {
    b.name = st.workspace;
    return b;
  }
  b.configured = true;
  b.name = q.getColumn(0).getString();
  b.email = opt_text(q.getColumn(1));
  b.phone = opt_text(q.getColumn(2));
  b.website = opt_text(q.getColumn(3));
  b.address = opt_text(q.getColumn(4));
  b.tax_id = opt_text(q.getColumn(5));
  b.currency = q.getColumn(6).getString();
  b.tax_rate_ppm = q.getColumn(7).getInt64();
  b.gratuity_rate_ppm = q.getColumn(8).getInt64();
  b.lead_time_days = q.getColumn(9).getInt64();
  b.payment_terms_days = q.getColumn(10).getInt64();
  b.next_invoice_number = q.getColumn(11).getInt64();
  b.updated_at = opt_text(q.getColumn(12));
  return b;
}

void save_business(store::Store& st, const Business& b) {
  store::Prepared q = st.prepared("INSERT OR REPLACE INTO business (ws, name, email, phone, website, address, tax_id, currency, "
                      "tax_rate_ppm, gratuity_rate_ppm, lead_time_days, payment_terms_days, next_invoice_number, "
                      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, st.workspace_id);
  q.bind(2, b.name);
  bind_opt(q, 3, b.email);
  bind_opt(q, 4, b.phone);
  bind_opt(q, 5, b.website);
  bind_opt(q, 6, b.address);
  bind_opt(q, 7, b.tax_id);
  q.bind(8, b.currency);
  q.bind(9, b.tax_rate_ppm);
  q.bind(10, b.gratuity_rate_ppm);
  q.bind(11, b.lead_time_days);
  q.bind(12, b.payment_terms_days);
  q.bind(13, b.next_invoice_number);
  q.bind(14, b.updated_at.value_or(st.clock.now_iso()));
  q.exec();
}

json business_json(const Business& b) {
  return {{"configured", b.configured},
          {"name", b.name},
          {"email", json_or_null(b.email)},
          {"phone", json_or_null(b.phone)},
          {"website", json_or_null(b.website)},
          {"address", json_or_null(b.address)},
          {"taxId", json_or_null(b.tax_id)},
          {"currency", b.currency},
          {"taxRatePercent", percent_from_ppm(b.tax_rate_ppm)},
          {"gratuityRatePercent", percent_from_ppm(b.gratuity_rate_ppm)},
          {"leadTimeDays", b.lead_time_days},
          {"paymentTermsDays", b.payment_terms_days},
          {"nextInvoiceNumber", b.next_invoice_number},
          {"updatedAt", json_or_null(b.updated_at)}};
}

std::vector<mcp::ToolSpec> business_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back({.name = "get_business",
                   .title = "Business profile",
                   .description = kGetBusinessText,
                   .input_schema = s::object_schema({}),
                   .output_schema = business_schema(),
                   .annotations = mcp::kRead,
                   .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return get_business(st); }});
  tools.push_back(
      {.name = "invoicing_update_business",
       .title = "Update the business profile",
       .description =
           "Set the business profile get_business shows. Its fields: name, contact, address, tax and gratuity "
           "rates (percent of an invoice's subtotal, applied to new invoices), lead time, payment terms, and the "
           "currency and next number of new invoices. Only the fields given change; null clears a text field. "
           "Existing invoices keep the rates they were created with.",
       .input_schema = s::object_schema({
           s::string("name").min_length(1).max_length(200).describe("Business name"),
           s::string("email").max_length(200).nullable(),
           s::string("phone").max_length(50).nullable(),
           s::string("website").max_length(200).nullable(),
           s::string("address").max_length(500).nullable().describe("Postal address, lines separated by newlines"),
           s::string("taxId").max_length(50).nullable().describe("Tax registration number"),
           s::string("currency").min_length(3).max_length(3).describe("ISO 4217 code for new invoices and expenses"),
           s::decimal("taxRate").describe("Sales tax percent, e.g. \"8.875\" (at most 4 decimals)"),
           s::decimal("gratuityRate").describe("Gratuity percent, e.g. \"18\""),
           s::integer("leadTimeDays").min(0).max(3650).describe("Days of notice needed before an order or event"),
           s::integer("paymentTermsDays").min(0).max(3650).describe("Days from issue to due date (net terms)"),
           s::integer("nextInvoiceNumber").min(1).max(999999999).describe("Number for the next invoice"),
       }),
       .output_schema = business_schema(),
       .annotations = mcp::kUpdate,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return update_business(st, a, ctx); }});
  return tools;
}

}  // namespace tally::invoicing
