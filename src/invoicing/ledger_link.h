#pragma once
// How invoicing documents become ledger transactions (domain.md "One ledger"),
// all through ledger::post inside the caller's transaction. Account names follow
// the ledger's own (`tally init` makes Checking, Cash, Credit Card; a category
// "X" is backed by Expenses:X or Income:X):
//   issue an invoice   Accounts Receivable +total
//                      Income:Sales −subtotal (the income category "Sales"),
//                      Sales Tax Payable −tax, Gratuity Payable −gratuity
//   void it            the reverse of the issue, dated the void day
//   a payment          Checking (or Cash, or a chosen asset account) +amount,
//                      Accounts Receivable −amount
//   an expense         Expenses:<category> +amount, against Checking, Cash,
//                      Credit Card or a chosen account −amount
// Accounts are found or created per currency.
#include <cstdint>
#include <optional>
#include <string>

#include "invoicing/invoice_store.h"
#include "store/store.h"

namespace tally::invoicing {

inline constexpr const char* kReceivableAccount = "Accounts Receivable";
inline constexpr const char* kSalesCategory = "Sales";
inline constexpr const char* kSalesTaxAccount = "Sales Tax Payable";
inline constexpr const char* kGratuityAccount = "Gratuity Payable";

/// A ledger account money moves through, as outputs name it.
struct MoneyAccount {
  std::string id, name;
};

/// The account behind `method` ("bank" → Checking, "cash" → Cash, "credit_card"
/// → Credit Card) in `currency`, or the account `account_id` names, which must
/// be open, in that currency, and of an allowed kind (assets; also liabilities
/// when `allow_liability`). Throws ToolError naming `param`.
MoneyAccount money_account(store::Store& st, const std::string& method, const std::optional<std::string>& account_id,
                           const std::string& param, const std::string& currency, bool allow_liability);

/// Posts the issue of `inv` on its issue date; returns the transaction id.
std::string post_invoice_issue(store::Store& st, const Invoice& inv);
/// Posts the reversal of the issue on `date`; returns the transaction id.
std::string post_invoice_void(store::Store& st, const Invoice& inv, const std::string& date);

/// Posts a payment on an invoice into `deposit`.
std::string post_payment(store::Store& st, const Invoice& inv, const std::string& payment_id, const std::string& date,
                         std::int64_t amount_minor, const MoneyAccount& deposit);

struct ExpensePosting {
  std::string expense_id, date, vendor, category, currency;
  MoneyAccount paid_from;
  std::int64_t amount_minor = 0;
};
/// The ledger's expense category of that name (matched case-insensitively,
/// created when missing), as the ledger spells it.
std::string expense_category(store::Store& st, const std::string& name);
/// Posts an expense: its category's expense account against what paid it.
std::string post_expense(store::Store& st, const ExpensePosting& e);

}  // namespace tally::invoicing
