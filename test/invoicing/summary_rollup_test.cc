// get_financial_summary reads monthly running totals and the days of a
// period's partial first and last months (invoicing migration 4): for random
// books over three years and random periods, its figures equal sums taken
// straight from the payments, expenses and open invoices; doctor is clean.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "fixture.h"
#include "invoicing/doctor.h"
#include "util/calendar.h"

using tally::mcp::json;
using tally::invoicing::testing::Books;

namespace {

std::int64_t scalar(Books& b, const std::string& sql) { return b.db().execAndGet(sql).getInt64(); }

}  // namespace

TEST_CASE("summary from monthly totals equals sums over the rows, for random periods") {
  Books b;
  b.db().exec("PRAGMA synchronous=OFF");  // speed only
  std::mt19937_64 rng(20261205);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto day = [&] { return tally::util::add_days("2024-01-01", pick(0, 3 * 365 + 30)); };
  auto amount = [&] { return std::to_string(pick(1, 5000)) + "." + std::to_string(pick(10, 99)); };
  std::string customer = b.ok("invoicing_create_customer", {{"name", "Acme"}})["id"];
  for (int i = 0; i < 300; ++i) {
    std::string issued = day();
    json inv = b.ok("invoicing_create_invoice", {{"customerId", customer},
                                                 {"lines", {{{"itemName", "Work"}, {"rate", amount()}}}},
                                                 {"issueDate", issued},
                                                 {"dueDate", tally::util::add_days(issued, pick(0, 60))},
                                                 {"send", true}});
    if (pick(0, 2) > 0)
      b.ok("invoicing_record_payment",
           {{"invoiceId", inv["id"]}, {"amount", "1.00"}, {"date", tally::util::add_days(issued, pick(0, 90))}});
    b.ok("invoicing_record_expense", {{"vendor", "V"}, {"amount", amount()}, {"date", day()}});
  }
  // Some payments and expenses voided: their day rows go down, and the months with them.
  std::string payment = scalar(b, "SELECT count(*) FROM payment") > 0
                            ? b.db().execAndGet("SELECT id FROM payment ORDER BY seq LIMIT 1").getString()
                            : "";
  if (!payment.empty()) b.ok("invoicing_void_payment", {{"paymentId", payment}});
  std::string expense = b.db().execAndGet("SELECT id FROM expense ORDER BY seq LIMIT 1").getString();
  b.ok("invoicing_void_expense", {{"expenseId", expense}});

  for (int k = 0; k < 200; ++k) {
    std::string a = day(), z = day();
    if (z < a) std::swap(a, z);
    if (k % 10 == 0) z = a;  // one day
    if (k % 10 == 1) z = a.substr(0, 8) + "28";  // within one month
    if (z < a) z = a;
    json s = b.ok("get_financial_summary", {{"startDate", a}, {"endDate", z}});
    INFO(a << " … " << z << " → " << s.dump());
    std::int64_t income = scalar(b, "SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE date >= '" + a +
                                        "' AND date <= '" + z + "'");
    std::int64_t payments =
        scalar(b, "SELECT count(*) FROM payment WHERE date >= '" + a + "' AND date <= '" + z + "'");
    std::int64_t spent = scalar(b, "SELECT coalesce(sum(amount_minor), 0) FROM expense WHERE date >= '" + a +
                                       "' AND date <= '" + z + "'");
    std::int64_t expenses =
        scalar(b, "SELECT count(*) FROM expense WHERE date >= '" + a + "' AND date <= '" + z + "'");
    json usd = s["currencies"].empty() ? json::object() : s["currencies"][0];
    CHECK(usd.value("payments", 0) == payments);
    CHECK(usd.value("expenses", 0) == expenses);
    CHECK((usd.contains("totalIncome") ? usd["totalIncome"]["amountMinor"].get<std::int64_t>() : 0) == income);
    CHECK((usd.contains("totalExpenses") ? usd["totalExpenses"]["amountMinor"].get<std::int64_t>() : 0) == spent);
  }
  // Outstanding and overdue (before today, 2026-03-15) against the open invoices themselves.
  json s = b.ok("get_financial_summary");
  json usd = s["currencies"][0];
  CHECK(usd["outstanding"]["amountMinor"].get<std::int64_t>() ==
        scalar(b, "SELECT coalesce(sum(total_minor - paid_minor), 0) FROM invoice WHERE state = 'open'"));
  CHECK(usd["outstandingInvoices"].get<std::int64_t>() == scalar(b, "SELECT count(*) FROM invoice WHERE state = 'open'"));
  CHECK(usd["overdue"]["amountMinor"].get<std::int64_t>() ==
        scalar(b, "SELECT coalesce(sum(total_minor - paid_minor), 0) FROM invoice WHERE state = 'open' AND "
                  "due_date < '2026-03-15'"));
  CHECK(usd["overdueInvoices"].get<std::int64_t>() ==
        scalar(b, "SELECT count(*) FROM invoice WHERE state = 'open' AND due_date < '2026-03-15'"));
  CHECK(scalar(b, "SELECT count(*) FROM invoice WHERE state = 'open' AND due_date LIKE '2026-03-%'") > 0);

  auto problems = tally::invoicing::doctor(b.store());
  for (const auto& p : problems) INFO(p);
  CHECK(problems.empty());
  // Tampering with a month is named.
  b.db().exec("UPDATE invoicing_monthly_total SET amount_minor = amount_minor + 1 WHERE (ws, kind, month, currency) = "
              "(SELECT ws, kind, month, currency FROM invoicing_monthly_total LIMIT 1)");
  problems = tally::invoicing::doctor(b.store());
  bool named = false;
  for (const auto& p : problems) named = named || p.find("monthly") != std::string::npos;
  CHECK(named);
}
