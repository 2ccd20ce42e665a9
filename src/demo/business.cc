// The invoicing part of the demo: a catering business with three customers,
// invoices in every state (paid, partly paid, overdue, sent, draft), their
// payments, and two months of expenses.
#include "demo/demo_calls.h"

namespace tally::demo {

namespace {
using mcp::json;

std::string amount_text(const json& money) {
  const json& amount = money["amount"];
  return amount.is_string() ? amount.get<std::string>() : amount.dump();
}
}  // namespace

void add_business(DemoCalls& call) {
  call("invoicing_update_business",
       {{"name", "Blue Fig Catering"}, {"email", "hello@bluefig.example"}, {"phone", "(555) 010-2000"},
        {"website", "https://bluefig.example"}, {"address", "12 Market Street\nSpringfield, IL 62701"},
        {"taxId", "36-1234567"}, {"currency", "USD"}, {"taxRate", "8.875"}, {"gratuityRate", "18"},
        {"leadTimeDays", 3}, {"paymentTermsDays", 30}, {"nextInvoiceNumber", 1001}});
  auto customer = [&](const char* name, const char* organization, const char* email) {
    return call("invoicing_create_customer", {{"name", name}, {"organization", organization}, {"email", email}})["id"]
        .get<std::string>();
  };
  const std::string acme = customer("Jane Roe", "Acme Corp", "jane.roe@acme-corp.example");
  const std::string obrien = customer("Seán O'Brien", "O'Brien Events", "sean@obrien-events.example");
  const std::string globex = customer("Priya Shah", "Globex", "ap@globex.example");

  auto invoice = [&](const std::string& who, int issued, const json& lines, bool send = true) {
    return call("invoicing_create_invoice",
                {{"customerId", who}, {"issueDate", call.day(issued)}, {"lines", lines}, {"send", send}});
  };
  auto pay = [&](const json& inv, int offset, const std::string& amount, const char* type) {
    call("invoicing_record_payment",
         {{"invoiceId", inv["id"]}, {"date", call.day(offset)}, {"amount", amount}, {"paymentType", type}});
  };

  // Paid in full.
  json lunch = invoice(globex, -80, {{{"itemName", "Corporate lunch buffet"}, {"rate", "18.50"}, {"quantity", "40"}}});
  pay(lunch, -62, amount_text(lunch["balanceDue"]), "bank_transfer");
  // Overdue: one partly paid, one not paid at all.
  json dinner = invoice(acme, -65, {{{"itemName", "Plated dinner"}, {"rate", "42.00"}, {"quantity", "25"}},
                                    {{"itemName", "Wine service"}, {"rate", "9.50"}, {"quantity", "25"}}});
  pay(dinner, -40, "800.00", "check");
  invoice(obrien, -45, {{{"itemName", "Wedding tasting menu"}, {"rate", "55.00"}, {"quantity", "6"}}});
  // Not yet due: one partly paid, one just sent; and a draft not sent yet.
  json board = invoice(acme, -20, {{{"itemName", "Breakfast platter"}, {"rate", "65.00"}, {"quantity", "3"}},
                                   {{"itemName", "Coffee service (per person)"}, {"rate", "4.25"}, {"quantity", "30"}},
                                   {{"itemName", "Delivery"}, {"rate", "35.00"}}});
  pay(board, -5, "200.00", "credit_card");
  invoice(globex, -4, {{{"itemName", "Corporate lunch buffet"}, {"rate", "18.50"}, {"quantity", "35.5"}}});
  invoice(obrien, -1, {{{"itemName", "Wedding reception (deposit)"}, {"rate", "2500.00"}}}, false);

  auto expense = [&](int offset, const char* vendor, const char* amount, const char* category, const char* type) {
    call("invoicing_record_expense", {{"date", call.day(offset)}, {"vendor", vendor}, {"amount", amount},
                                      {"category", category}, {"expenseType", type}, {"createCategory", true}});
  };
  for (int month = 1; month >= 0; --month) {
    const int base = -30 * month;
    expense(base - 26, "Springfield Kitchen Co-op", "1800.00", "Rent", "recurring");
    expense(base - 22, "City Power & Light", month == 1 ? "186.20" : "171.95", "Utilities", "recurring");
    expense(base - 18, "Restaurant Depot", month == 1 ? "412.37" : "388.10", "Food & Supplies", "one-time");
    expense(base - 3, "Restaurant Depot", month == 1 ? "295.80" : "341.66", "Food & Supplies", "one-time");
  }
  call("invoicing_record_expense", {{"date", call.day(-13)}, {"vendor", "Shell"}, {"amount", "64.15"},
                                    {"category", "Fuel"}, {"createCategory", true}, {"paidFrom", "credit_card"},
                                    {"notes", "Delivery van"}});
}

}  // namespace tally::demo
