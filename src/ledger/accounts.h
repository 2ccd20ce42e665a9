#pragma once
// Accounts: look-up by id within the workspace, creation, and balances read
// from the running totals (account_month).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/money_schema.h"
#include "store/store.h"

namespace tally::ledger {

struct Account {
  std::int64_t seq = 0;
  std::string id;
  std::string name;
  std::string type;     ///< asset, liability, equity, income, expense
  std::string subtype;  ///< bank, cash, …, lent, general
  std::string currency;
  std::optional<std::string> person_id;
  std::optional<std::string> category_id;
  std::optional<std::string> closed_on;
  std::string created_at;
  bool open() const { return !closed_on.has_value(); }
};

struct NewAccount {
  std::string name;
  std::string type;
  std::string subtype = "general";
  std::string currency;
  std::optional<std::string> person_id;
  std::optional<std::string> category_id;
};

inline constexpr const char* kAccountTypes[] = {"asset", "liability", "equity", "income", "expense"};
inline constexpr const char* kAccountSubtypes[] = {"bank",       "cash",    "savings", "wallet",
                                                   "credit_card", "lent",   "receivable", "payable",
                                                   "tax",        "opening", "general"};

/// The account with this id in the active workspace, or nullopt.
std::optional<Account> find_account(store::Store& st, const std::string& id);
/// Like find_account, but throws `Account not found: <param> "<id>"`.
Account require_account(store::Store& st, const std::string& id, const std::string& param);
/// The account named so (case-insensitively) in this currency, or nullopt.
std::optional<Account> find_account_by_name(store::Store& st, const std::string& name,
                                            const std::string& currency);
/// Inserts an account; throws ToolError when the name is taken in that currency.
Account create_account(store::Store& st, const NewAccount& spec);

/// Sum of postings (debit +) of one account, from the running totals.
std::int64_t account_balance(store::Store& st, std::int64_t account_seq);
/// Sum of postings dated on or before `as_of` (YYYY-MM-DD).
std::int64_t account_balance_as_of(store::Store& st, std::int64_t account_seq, const std::string& as_of);

/// The workspace's default currency (tally init --currency), USD when never set.
std::string base_currency(store::Store& st);

/// Credit-normal accounts (liability, equity, income) show balances negated.
bool credit_normal(const std::string& type);
/// An account as tools show it, with `balance` as a money object (display sign).
mcp::json account_json(const Account& a, std::int64_t balance_minor);

/// The JSON Schema of account_json, for outputSchemas.
mcp::json account_output_schema();
inline constexpr store::MoneyWording kMoneyWording{.amount_minor = "exact amount in minor units (cents)",
                                                   .amount = "the same amount as a decimal string",
                                                   .currency = "ISO 4217 code"};

}  // namespace tally::ledger
