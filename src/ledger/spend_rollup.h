#pragma once
// The spending rollup (issue 19, speed): spending by the account that paid, by
// tag and by person, kept per workspace, day (spend_day) and month
// (spend_month), dimension, key and currency, in the same transaction as each
// posting (ledger::post, rollup_writes.h, since ledger migration 12) and each
// tag change (triggers on txn_tag):
//   - accrual_minor: the postings of expense accounts;
//   - cash_minor: the postings of expense, payable and tax accounts in
//     transactions through a cash-like account (the cash basis).
// Keys: dim 'account' → the paying account's seq (the transaction's first
// asset or liability posting, not Lent, of the opposite sign; 0: none);
// dim 'person' → each person the transaction lends to (its Lent postings;
// '': none); dim 'tag' → each of the transaction's tag_fold ('': none). A
// transaction's key set can change after its spending postings were written
// (a tag), so each tag trigger adds the transaction's contribution after the
// change and subtracts the one before it (ledger::post writes a transaction's
// contribution once, with all its postings). Rows whose
// sums are both 0 may stay; doctor and the reports ignore them.
#include <string>
#include <utility>
#include <vector>

#include "store/migrations.h"
#include "store/store.h"

namespace tally::ledger {

/// The tables, their triggers and the backfill: one ledger migration.
inline constexpr int kSpendRollupVersion = 9;
store::Migration spend_rollup_migration();

/// A subquery of the rollup rows of `dim` dated in [start, end], with columns
/// month (YYYY-MM), key, currency, accrual_minor and cash_minor. Named
/// parameters (:sws, :sdim, :sm1 … :sd4): bind them with bind_spend_rows.
std::string spend_rows_sql();
void bind_spend_rows(SQLite::Statement& q, std::int64_t ws, const std::string& dim,
                     const std::string& start, const std::string& end);

/// Doctor's checks, as flow_rollup_checks.
std::vector<std::pair<std::string, std::string>> spend_rollup_checks();

}  // namespace tally::ledger
