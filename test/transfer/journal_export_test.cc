#include <doctest/doctest.h>

#include "transfer/journal_export.h"
#include "transfer/table_export.h"

using namespace tally::transfer;

TEST_CASE("journal account names sit under their type's root") {
  CHECK(journal_account("Checking", "asset", "USD", false, JournalFormat::hledger) == "Assets:Checking");
  CHECK(journal_account("Expenses:Dining", "expense", "USD", false, JournalFormat::hledger) == "Expenses:Dining");
  CHECK(journal_account("Lent:Ana María", "asset", "EUR", false, JournalFormat::hledger) == "Assets:Lent:Ana María");
  CHECK(journal_account("Checking", "asset", "EUR", true, JournalFormat::hledger) == "Assets:Checking:EUR");
  CHECK(journal_account("Credit Card", "liability", "USD", false, JournalFormat::beancount) == "Liabilities:Credit-Card");
  CHECK(journal_account("income:tips (cash)", "income", "USD", false, JournalFormat::beancount) == "Income:Income:Tips--cash-");
}

TEST_CASE("secret columns are recognised") {
  CHECK(is_secret_column("postback_secret"));
  CHECK(is_secret_column("refresh_token"));
  CHECK_FALSE(is_secret_column("postback_url_template"));
}
