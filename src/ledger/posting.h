#pragma once
// The one posting function every money write goes through (domain.md §1
// "Double entry"), and the account look-up other toolsets post against.
// Contract shared with the invoicing and affiliate toolsets.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

enum class AccountType { kAsset, kLiability, kEquity, kIncome, kExpense };

struct PostingSpec {
  std::string account_id;
  std::int64_t amount_minor;  ///< debit +, credit −
  std::string currency;       ///< must equal the account's currency
  std::string memo;
};

struct TxnSpec {
  std::string date;         ///< YYYY-MM-DD, a real calendar date
  std::string description;
  std::string source;       ///< who wrote it: "extrack", "invoicing", "affiliate", "import", …
  std::string source_ref;   ///< that source's id (draft, invoice, payment …), may be empty
  std::optional<std::string> reverses_txn_id;
  std::vector<PostingSpec> postings;
  std::string payee = {};                ///< who was paid or paid you; empty when unknown
  std::vector<std::string> tags = {};    ///< checked tags (ledger/tags.h), at most kMaxTags
};

/// Posts one transaction: ≥ 2 postings summing to zero per currency, each
/// posting's currency its account's, accounts in the workspace and open on the
/// date. The caller holds the BEGIN IMMEDIATE transaction (so a document and its
/// postings commit together). Returns the new transaction's id; throws
/// mcp::ToolError naming the rule that failed.
std::string post(store::Store& store, const TxnSpec& txn);

/// The id of the open account with this full name (e.g. "Assets:Receivable"),
/// matched case-insensitively in the workspace; created when missing.
std::string ensure_account(store::Store& store, const std::string& name, AccountType type,
                           const std::string& subtype, const std::string& currency);

/// The balance (sum of postings, debit +) of an account of the workspace, in
/// minor units of its currency; throws ToolError when the account is unknown.
std::int64_t balance_minor(store::Store& store, const std::string& account_id);

/// "asset", "liability", … as stored.
const char* to_string(AccountType type);

}  // namespace tally::ledger
