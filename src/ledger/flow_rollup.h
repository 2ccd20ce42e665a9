#pragma once
// The flow rollup (issue 19, speed): what account_month cannot answer, written
// by ledger::post in the same transaction as each posting (rollup_writes.h;
// per-posting triggers until ledger migration 12), per workspace, account,
// payee and day (flow_day) and month (flow_month):
//   - net_minor: every posting of a spending account (expense, payable, tax),
//     keyed by the transaction's payee (else its description): spending by
//     payee;
//   - cash_debit_minor, cash_credit_minor (≤ 0): the postings, split by sign,
//     of every account that is not cash-like in transactions that move money
//     through a cash-like account (bank, cash, wallet, savings, credit card):
//     the cash basis and the cash flow.
// Other accounts' rows have payee ''. A report reads whole months from
// flow_month and the partial months at a range's edges from flow_day, so it
// touches rows per account and payee, never the postings. `tally doctor`
// recomputes both tables from the postings.
#include <string>
#include <utility>
#include <vector>

#include "store/migrations.h"
#include "store/store.h"

namespace tally::ledger {

/// The tables, their triggers and the backfill of an existing ledger, plus the
/// amount-search indexes (posting_amount_newest for a page, posting_amount_range
/// for its count, replacing posting_amount) and a sampled ANALYZE: one ledger
/// migration (its number is kFlowRollupVersion).
inline constexpr int kFlowRollupVersion = 6;
store::Migration flow_rollup_migration();

/// The two triggers on posting that kept flow_day until ledger migration 12
/// (migration 9 recreates them; 12 drops them).
std::string flow_posting_triggers_sql();

/// A subquery of the rollup rows dated in [start, end], with columns month
/// (YYYY-MM), account_seq, payee, net_minor, cash_debit_minor and
/// cash_credit_minor. Its parameters are named (:fws, :fm1 … :fd4): bind them
/// with bind_flow_rows.
std::string flow_rows_sql();
void bind_flow_rows(SQLite::Statement& q, std::int64_t ws, const std::string& start,
                    const std::string& end);

/// Doctor's checks: each SQL's rows are differences between a rollup table and
/// a recomputation from the postings; the message names them ({0}… columns).
std::vector<std::pair<std::string, std::string>> flow_rollup_checks();

}  // namespace tally::ledger
