#pragma once
// Transaction drafts (seed 000): intents with no postings, staged by an
// assistant, holding IOUs to person ids rather than receivable accounts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Iou {
  std::string person_id;
  std::int64_t amount_minor = 0;
};

struct Draft {
  std::string id;
  std::string kind;  ///< expense, income, transfer, split_expense, lend, repayment
  std::string title;
  std::string date;
  std::string currency;
  std::int64_t expense_minor = 0;  ///< expense, split_expense, lend, transfer
  std::int64_t income_minor = 0;   ///< income, repayment; a transfer across currencies: what arrives
  /// A transfer across currencies: the debit account's currency, which incomeAmount is in.
  std::optional<std::string> income_currency;
  std::optional<std::string> account_id;
  std::optional<std::string> debit_account_id;
  std::optional<std::string> credit_account_id;
  std::optional<std::string> person_id;
  std::optional<std::string> category_name;
  std::optional<std::string> external_ref;
  std::optional<std::string> payee;
  std::vector<std::string> tags;  ///< checked tags, kept when posted
  bool allow_overpayment = false;
  std::string created_at;
  std::string source = "unknown";  ///< who staged it: an MCP client's name, cli:<user>, inbox
  std::vector<Iou> ious;

  std::int64_t amount() const { return expense_minor + income_minor; }
};

/// Stores a new draft and its IOUs; sets id and created_at.
void insert_draft(store::Store& st, Draft& d);
/// Rewrites a stored draft in place: same id, created_at and source.
void replace_draft(store::Store& st, const Draft& d);
std::optional<Draft> find_draft(store::Store& st, const std::string& id);
void delete_draft(store::Store& st, const std::string& id);
/// Pending drafts newest first, after `before_id` when given; `more` says whether more follow.
std::vector<Draft> recent_drafts(store::Store& st, int limit, const std::optional<std::string>& before_id,
                                 bool& more);
std::int64_t count_drafts(store::Store& st);
/// The transaction a draft became, when it was posted.
std::optional<std::string> posted_transaction(store::Store& st, const std::string& draft_id);
/// Pending drafts with the same title (case-insensitive), amount and date (advisory only).
std::vector<std::string> look_alike_drafts(store::Store& st, const Draft& d);

/// A draft's `source` from the caller's clientInfo: "tally-cli" → cli:<user>,
/// "tally-inbox" → inbox,
/// "tally-schedule" → schedule, another client → its name (clipped), none → unknown.
std::string draft_source(const mcp::json& client_info);

mcp::json draft_json(store::Store& st, const Draft& d);
mcp::json draft_output_schema();

}  // namespace tally::ledger
