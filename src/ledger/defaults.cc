#include "ledger/defaults.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/categories.h"

namespace tally::ledger {

namespace {

struct DefaultAccount {
  const char* name;
  const char* type;
  const char* subtype;
};

constexpr DefaultAccount kAccounts[] = {
    {"Checking", "asset", "bank"},
    {"Savings", "asset", "savings"},
    {"Cash", "asset", "cash"},
    {"Credit Card", "liability", "credit_card"},
    {"Opening Balances", "equity", "opening"},
};

constexpr const char* kExpenseCategories[] = {"Groceries", "Dining",   "Transport", "Housing", "Utilities",
                                              "Health",    "Shopping", "Travel",    "Entertainment",
                                              kUncategorized};
constexpr const char* kIncomeCategories[] = {"Salary", "Interest", "Gifts", kUncategorized};

}  // namespace

void init_defaults(store::Store& st, const std::string& currency) {
  SQLite::Statement settings(st.db, "INSERT INTO ledger_settings (ws, base_currency) VALUES (?, ?) "
                                    "ON CONFLICT (ws) DO NOTHING");
  settings.bind(1, st.workspace_id);
  settings.bind(2, currency);
  settings.exec();
  for (const auto& d : kAccounts) {
    if (find_account_by_name(st, d.name, currency)) continue;
    NewAccount spec;
    spec.name = d.name;
    spec.type = d.type;
    spec.subtype = d.subtype;
    spec.currency = currency;
    create_account(st, spec);
  }
  for (const char* name : kExpenseCategories) category_account(st, ensure_category(st, name, "expense"), currency);
  for (const char* name : kIncomeCategories) category_account(st, ensure_category(st, name, "income"), currency);
}

}  // namespace tally::ledger
