// `tally doctor` (the invoicing part) is clean on sound books and names each
// kind of tampering: invoice arithmetic, paid amounts, the receivable balance,
// the daily totals, the search index and missing ledger transactions.
#include <doctest/doctest.h>

#include <algorithm>

#include "fixture.h"
#include "invoicing/doctor.h"

using tally::mcp::json;
using tally::invoicing::testing::Books;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

std::string all(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

}  // namespace

TEST_CASE("doctor: sound books are clean; tampering is named") {
  Books b;
  b.ok("invoicing_update_business", {{"name", "Blue Fig"}, {"taxRate", "8.875"}, {"gratuityRate", "18"}});
  std::string customer = b.ok("invoicing_create_customer", {{"name", "Acme Corp"}, {"phone", "555 123 4567"}})["id"];
  json inv = b.ok("invoicing_create_invoice",
                  {{"customerId", customer},
                   {"lines", {{{"itemName", "Canapés"}, {"rate", "3.33"}, {"quantity", "1.5"}}}},
                   {"issueDate", "2026-01-05"},
                   {"send", true}});
  b.ok("invoicing_record_payment", {{"invoiceId", inv["id"]}, {"amount", "2.00"}, {"date", "2026-02-01"}});
  b.ok("invoicing_record_expense", {{"vendor", "Costco"}, {"amount", "84.20"}, {"date", "2026-02-03"}});
  json voided = b.ok("invoicing_create_invoice", {{"customerId", customer},
                                                   {"lines", {{{"itemName", "X"}, {"rate", "1"}}}},
                                                   {"send", true}});
  b.ok("invoicing_void_invoice", {{"invoiceId", voided["id"]}});
  // A voided expense and a voided payment keep the books clean too.
  json wrong = b.ok("invoicing_record_expense", {{"vendor", "Shell"}, {"amount", "9.99"}, {"date", "2026-02-03"}});
  b.ok("invoicing_void_expense", {{"expenseId", wrong["id"]}});
  json twice = b.ok("invoicing_record_payment", {{"invoiceId", inv["id"]}, {"amount", "0.50"}, {"date", "2026-02-02"}});
  b.ok("invoicing_void_payment", {{"paymentId", twice["payment"]["id"]}, {"reason", "typed twice"}});
  auto clean = tally::invoicing::doctor(b.store());
  CHECK_MESSAGE(clean.empty(), all(clean));

  SUBCASE("a paid amount that is not the sum of the payments, and A/R drift") {
    b.db().exec("UPDATE invoice SET paid_minor = paid_minor + 1 WHERE number = '1001'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "invoice 1001: paid 2.01 USD but its payments sum to 2.00 USD"));
    CHECK(mentions(problems, "Accounts Receivable (USD) is 4.34 USD but the outstanding invoices sum to 4.33 USD"));
  }
  SUBCASE("a line amount that is not rate × quantity rounded half up") {
    b.db().exec("UPDATE invoice_line SET line_total_minor = 499");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "invoice 1001: line 1 is not rate × quantity rounded half up"));
    CHECK(mentions(problems, "invoice 1001: its lines sum to 4.99 USD but its subtotal is 5.00 USD"));
  }
  SUBCASE("tax that is not the rate on the subtotal") {
    b.db().exec("UPDATE invoice SET tax_minor = tax_minor + 1, total_minor = total_minor + 1 WHERE number = '1001'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "invoice 1001: tax 0.45 USD is not 8.875% of the subtotal rounded half up"));
  }
  SUBCASE("a daily total that drifted from its rows") {
    b.db().exec("UPDATE invoicing_daily_total SET amount_minor = amount_minor + 5 WHERE kind = 'expense'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "daily expense total for 2026-02-03 is 84.25 USD but the rows sum to 84.20 USD"));
  }
  SUBCASE("an open-balance total that drifted from the open invoices") {
    b.db().exec("UPDATE invoicing_open_total SET balance_minor = balance_minor + 7");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK_MESSAGE(mentions(problems, "open invoices due 2026-02-04 total 4.41 USD in the running totals but 4.34 USD in the invoices"), all(problems));
  }
  SUBCASE("a voided record whose reversal is missing") {
    b.db().exec("UPDATE invoicing_voided SET void_txn_id = 'txn_gone' WHERE kind = 'expense'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK_MESSAGE(mentions(problems, "voided record " + wrong["id"].get<std::string>() +
                                         " has no reversal of its ledger transaction"),
                  all(problems));
  }
  SUBCASE("a stale search index") {
    b.db().exec("DROP TRIGGER customer_fts_update");
    b.db().exec("UPDATE customer SET name = 'Globex'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "the customer search index does not match the customers"));
  }
  SUBCASE("a payment whose ledger transaction is missing") {
    b.db().exec("UPDATE payment SET ledger_txn_id = 'txn_gone'");
    auto problems = tally::invoicing::doctor(b.store());
    CHECK(mentions(problems, "payment pay_"));
    CHECK(mentions(problems, "has no ledger transaction"));
  }
}

TEST_CASE("status is derived from the clock, never stored") {
  Books b;
  std::string customer = b.ok("invoicing_create_customer", {{"name", "Acme Corp"}})["id"];
  b.ok("invoicing_create_invoice", {{"customerId", customer},
                                    {"lines", {{{"itemName", "W"}, {"rate", "10"}}}},
                                    {"issueDate", "2026-03-01"},
                                    {"dueDate", "2026-03-15"},
                                    {"send", true}});
  CHECK(b.ok("get_invoice", {{"invoiceId", "1001"}})["status"] == "sent");
  CHECK(b.ok("list_invoices", {{"status", "overdue"}})["count"] == 0);
  b.reopen("2026-03-16T09:00:00Z");  // the same books a day later: nothing was written in between
  json overdue = b.ok("get_invoice", {{"invoiceId", "1001"}});
  CHECK(overdue["status"] == "overdue");
  CHECK(overdue["daysOverdue"] == 1);
  CHECK(b.ok("list_invoices", {{"status", "overdue"}})["count"] == 1);
  CHECK(b.ok("list_invoices", {{"status", "sent"}})["count"] == 0);
}
