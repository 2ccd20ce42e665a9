#pragma once
// What posted transactions add to the reports' rollups (flow_day and
// spend_day; their month tables follow by trigger), computed from the
// postings in memory and written once per key. Per-posting triggers did this
// before ledger migration 12 and doubled the CPU of a bank import, recomputing
// the transaction's picture at every posting. doctor still compares both
// tables with a recomputation from the postings (flow_rollup.h, spend_rollup.h).
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "ledger/accounts.h"
#include "ledger/posting.h"
#include "store/migrations.h"
#include "store/store.h"

namespace tally::ledger {

/// Rollup rows summed per key: one transaction's, or a bulk import's.
class RollupRows {
 public:
  /// Adds the transaction posted from `txn` in workspace `ws`, whose postings'
  /// accounts are `accounts`, in order. Throws std::overflow_error when a sum
  /// leaves the 64-bit range.
  void add(std::int64_t ws, const TxnSpec& txn, const std::vector<Account>& accounts);
  /// Adds the sums to flow_day and spend_day (the caller's SQLite transaction)
  /// and forgets them.
  void write(store::Store& st);

 private:
  using Key = std::variant<std::int64_t, std::string>;  // an account seq, or a person or tag
  struct Flow {
    std::int64_t net = 0, cash_debit = 0, cash_credit = 0;
  };
  struct Spend {
    std::int64_t accrual = 0, cash = 0;
  };
  // (ws, date, account_seq, payee) and (ws, dim, date, key, currency): the tables' keys.
  std::map<std::tuple<std::int64_t, std::string, std::int64_t, std::string>, Flow> flow_;
  std::map<std::tuple<std::int64_t, std::string, std::string, Key, std::string>, Spend> spend_;
};

/// Ledger migration 12: the triggers RollupRows and ledger::post's search
/// indexing replace, dropped.
store::Migration rollup_writes_migration();

}  // namespace tally::ledger
