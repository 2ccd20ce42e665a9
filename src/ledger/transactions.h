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
};

struct TxnPage {
  mcp::json transactions = mcp::json::array();
  std::int64_t total = 0;
  bool truncated = false;
  std::optional<std::string> next_cursor;
};

/// Newest first: date descending, then posting order.
TxnPage list_transactions(store::Store& st, const TxnFilter& f);

/// The transaction with this id in the workspace as JSON (with postings), or null.
mcp::json transaction_json(store::Store& st, const std::string& id);

/// Opaque cursor text for (date, seq), and its parse (nullopt when malformed).
std::string encode_cursor(const std::string& date, std::int64_t seq);
std::optional<std::pair<std::string, std::int64_t>> decode_cursor(const std::string& cursor);

/// Posts the reversal of `id` (caller holds the transaction); returns the new id.
std::string void_transaction(store::Store& st, const std::string& id, const std::string& reason);

mcp::json transaction_output_schema();

}  // namespace tally::ledger
