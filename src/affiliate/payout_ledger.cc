#include "affiliate/payout_ledger.h"

#include <SQLiteCpp/Statement.h>

#include "affiliate/partners.h"
#include "ledger/posting.h"
#include "mcp/tool.h"

namespace tally::affiliate {

void require_paying_account(store::Store& st, const Brand& brand, const std::string& account_id) {
  SQLite::Statement q(st.db, "SELECT type, currency, closed_on FROM account WHERE id = ? AND ws = ?");
  q.bind(1, account_id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) throw mcp::ToolError("Account not found: fromAccountId \"" + account_id + "\"");
  const std::string type = q.getColumn(0).getString(), currency = q.getColumn(1).getString();
  if (type != "asset" && type != "liability")
    throw mcp::ToolError("fromAccountId: " + account_id + " is an " + type +
                         " account; pay from a bank, cash, wallet or credit card account");
  if (!q.getColumn(2).isNull()) throw mcp::ToolError("fromAccountId: account " + account_id + " is closed");
  if (currency != brand.currency.code)
    throw mcp::ToolError("fromAccountId: account " + account_id + " is in " + currency + " and the brand pays in " +
                         std::string(brand.currency.code) +
                         "; pay from an account in " + std::string(brand.currency.code) +
                         " (move money into one first with a transfer across currencies: "
                         "extrack_create_transaction_draft with expenseAmount and incomeAmount)");
}

std::string post_payout(store::Store& st, const Brand& brand, const Payout& payout, const std::string& account_id) {
  require_paying_account(st, brand, account_id);
  const std::string currency(brand.currency.code);
  std::string expense =
      ledger::ensure_account(st, kCommissionsAccount, ledger::AccountType::kExpense, "general", currency);
  auto partner = find_partner(st, brand, payout.partner_id);
  ledger::TxnSpec txn;
  txn.date = st.today();
  txn.description = "Affiliate payout " + payout.id + (partner ? " to " + partner->name : std::string());
  txn.source = "affiliate";
  txn.source_ref = payout.id;
  txn.postings = {{expense, payout.amount_minor, currency, "brand " + brand.slug},
                  {account_id, -payout.amount_minor, currency, payout.id}};
  return ledger::post(st, txn);
}

std::string reverse_payout(store::Store& st, const Payout& payout, const std::string& reason) {
  SQLite::Statement q(st.db,
                      "SELECT a.id, p.amount_minor, p.currency, p.memo, t.date FROM txn t JOIN posting p ON p.txn_seq = t.seq "
                      "JOIN account a ON a.seq = p.account_seq WHERE t.id = ? AND t.ws = ? ORDER BY p.id");
  q.bind(1, *payout.ledger_txn_id);
  q.bind(2, st.workspace_id);
  ledger::TxnSpec txn;
  std::string paid_on;
  while (q.executeStep()) {
    txn.postings.push_back({q.getColumn(0).getString(), -q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                            q.getColumn(3).getString()});
    paid_on = q.getColumn(4).getString();
  }
  if (txn.postings.empty())
    throw mcp::ToolError("The ledger transaction " + *payout.ledger_txn_id + " that paid " + payout.id +
                         " is missing; run tally doctor");
  const std::string today = st.today();
  txn.date = today > paid_on ? today : paid_on;
  txn.description = "Unpaid: affiliate payout " + payout.id + (reason.empty() ? "" : " (" + reason + ")");
  txn.source = "affiliate";
  txn.source_ref = payout.id;
  txn.reverses_txn_id = *payout.ledger_txn_id;
  return ledger::post(st, txn);
}

}  // namespace tally::affiliate
