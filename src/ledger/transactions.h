#pragma once
// Posted transactions as tools show them, keyset-paginated lists over
// (date, seq), and voiding by reversal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct TxnFilter {
  std::optional<std::int64_t> account_seq;
  std::vector<std::int64_t> person_account_seqs;  ///< the person's Lent accounts
  bool by_person = false;
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
  int limit = 50;
  std::optional<std::pair<std::string, std::int64_t>> before;  ///< (date, seq) of the last row seen

  // Search filters (ledger_search_transactions); any of them set makes a search.
  std::optional<std::string> match;                 ///< FTS5 terms from util::fts_prefix_terms
  std::optional<std::string> tag_fold;              ///< has this tag
  std::vector<std::int64_t> category_account_seqs;  ///< touches one of the category's accounts
  bool by_category = false;
  std::optional<std::string> amount_currency;       ///< with min/max: a positive posting in it …
  std::optional<std::int64_t> min_amount, max_amount;  ///< … within [min, max]
  bool searching() const { return match || tag_fold || by_category || amount_currency; }
};

/// A search counts exactly up to this many matches, then says totalIsExact: false.
inline constexpr std::int64_t kExactCountLimit = 10000;

struct TxnPage {
  mcp::json transactions = mcp::json::array();
  std::int64_t total = 0;
  bool truncated = false;
  bool total_is_exact = true;
  std::optional<std::string> next_cursor;
};

/// Newest first: date descending, then posting order. With search filters the
/// total is exact up to kExactCountLimit.
TxnPage list_transactions(store::Store& st, const TxnFilter& f);

/// The transaction with this id in the workspace as JSON (with postings), or null.
mcp::json transaction_json(store::Store& st, const std::string& id);

/// Opaque cursor text for (date, seq), and its parse (nullopt when malformed).
std::string encode_cursor(const std::string& date, std::int64_t seq);
std::optional<std::pair<std::string, std::int64_t>> decode_cursor(const std::string& cursor);

/// How a reversal is posted, and what it may reverse.
struct Reversal {
  std::string source;      ///< the reversal's txn.source
  std::string source_ref;  ///< and source_ref
  std::string reason;      ///< appended to the description; required with force
  bool force = false;      ///< a reconciled posting may be reversed
  /// The original must have been posted by one of these toolsets; anything
  /// else is refused with the tool that undoes it.
  std::vector<std::string> sources_of_original = {"ledger"};
};

/// Posts the reversal of transaction `id` (caller holds the transaction) and
/// returns the new id. Refuses a reversal, one already voided, one from another
/// toolset, and one with a reconciled posting unless `force` (with a reason).
std::string reverse_transaction(store::Store& st, const std::string& id, const Reversal& how);

/// The ledger's void (ledger_void_transaction): reverse_transaction of an
/// Extrack or ledger transaction, posted by the ledger.
std::string void_transaction(store::Store& st, const std::string& id, const std::string& reason,
                             bool force = false);

mcp::json transaction_output_schema();

}  // namespace tally::ledger
