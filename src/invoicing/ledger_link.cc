#include "invoicing/ledger_link.h"

#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "ledger/posting.h"
#include "mcp/tool.h"

namespace tally::invoicing {

namespace {

using ledger::AccountType;

std::string receivable(store::Store& st, const std::string& currency) {
  return ledger::ensure_account(st, kReceivableAccount, AccountType::kAsset, "receivable", currency);
}

ledger::TxnSpec issue_spec(store::Store& st, const Invoice& inv, int sign) {
  ledger::TxnSpec txn;
  txn.source = "invoicing";
  txn.source_ref = inv.id;
  const std::string& c = inv.currency;
  const std::string memo = "Invoice " + inv.number;
  std::string sales = ledger::category_account(st, ledger::ensure_category(st, kSalesCategory, "income"), c).id;
  txn.postings.push_back({receivable(st, c), sign * inv.total_minor, c, memo});
  txn.postings.push_back({sales, -sign * inv.subtotal_minor, c, memo});
  if (inv.tax_minor > 0)
    txn.postings.push_back({ledger::ensure_account(st, kSalesTaxAccount, AccountType::kLiability, "tax", c),
                            -sign * inv.tax_minor, c, memo + " sales tax"});
  if (inv.gratuity_minor > 0)
    txn.postings.push_back({ledger::ensure_account(st, kGratuityAccount, AccountType::kLiability, "payable", c),
                            -sign * inv.gratuity_minor, c, memo + " gratuity"});
  return txn;
}

}  // namespace

MoneyAccount money_account(store::Store& st, const std::string& method, const std::optional<std::string>& account_id,
                           const std::string& param, const std::string& currency, bool allow_liability) {
  if (account_id) {
    auto a = ledger::find_account(st, *account_id);
    if (!a) throw mcp::ToolError("Account not found: " + param + " \"" + *account_id + "\"");
    if (!a->open()) throw mcp::ToolError(param + ": account \"" + a->name + "\" is closed");
    if (a->currency != currency)
      throw mcp::ToolError(param + ": account \"" + a->name + "\" holds " + a->currency + ", not " + currency);
    bool kind_ok = (a->type == "asset" && a->subtype != "receivable" && a->subtype != "lent") ||
                   (allow_liability && a->type == "liability");
    if (!kind_ok)
      throw mcp::ToolError(param + ": account \"" + a->name + "\" (" + a->type + ", " + a->subtype + ") cannot " +
                           (allow_liability ? "pay an expense; choose an asset or liability account such as Checking"
                                            : "take a deposit; choose an asset account such as Checking"));
    return {a->id, a->name};
  }
  const char* name = "Checking";
  AccountType type = AccountType::kAsset;
  const char* subtype = "bank";
  if (method == "cash") name = "Cash", subtype = "cash";
  if (method == "credit_card") name = "Credit Card", type = AccountType::kLiability, subtype = "credit_card";
  std::string id = ledger::ensure_account(st, name, type, subtype, currency);
  return {id, ledger::find_account(st, id)->name};
}

std::string post_invoice_issue(store::Store& st, const Invoice& inv) {
  ledger::TxnSpec txn = issue_spec(st, inv, +1);
  txn.date = inv.issue_date;
  txn.description = "Invoice " + inv.number + " to " + inv.customer_name;
  return ledger::post(st, txn);
}

std::string post_invoice_void(store::Store& st, const Invoice& inv, const std::string& date) {
  ledger::TxnSpec txn = issue_spec(st, inv, -1);
  txn.date = date;
  txn.description = "Void invoice " + inv.number + " to " + inv.customer_name;
  txn.reverses_txn_id = inv.ledger_txn_id;
  return ledger::post(st, txn);
}

std::string post_payment(store::Store& st, const Invoice& inv, const std::string& payment_id, const std::string& date,
                         std::int64_t amount_minor, const MoneyAccount& deposit) {
  const std::string& c = inv.currency;
  ledger::TxnSpec txn;
  txn.date = date;
  txn.description = "Payment on invoice " + inv.number + " from " + inv.customer_name;
  txn.source = "invoicing";
  txn.source_ref = payment_id;
  std::string memo = "Invoice " + inv.number;
  txn.postings.push_back({deposit.id, amount_minor, c, memo});
  txn.postings.push_back({receivable(st, c), -amount_minor, c, memo});
  return ledger::post(st, txn);
}

std::string expense_category(store::Store& st, const std::string& name) {
  return ledger::ensure_category(st, name, "expense").name;
}

std::string post_expense(store::Store& st, const ExpensePosting& e) {
  ledger::TxnSpec txn;
  txn.date = e.date;
  txn.description = e.vendor;
  txn.source = "invoicing";
  txn.source_ref = e.expense_id;
  auto category = ledger::ensure_category(st, e.category, "expense");
  std::string account = ledger::category_account(st, category, e.currency).id;
  txn.postings.push_back({account, e.amount_minor, e.currency, e.category});
  txn.postings.push_back({e.paid_from.id, -e.amount_minor, e.currency, e.vendor});
  return ledger::post(st, txn);
}

}  // namespace tally::invoicing
