#pragma once
// Per-account sums of postings over a date range, read from the running totals
// (account_month) for the whole months inside the range and from the postings
// (index posting_account) only for the partial months at its edges. Every
// report reads its figures here, so a month-aligned report touches one row per
// account and month, never the postings.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

/// [start, end] split into whole months (read from a monthly rollup) and at
/// most two partial-month date ranges (read day by day); `start` empty means
/// from the beginning.
struct MonthSplit {
  std::optional<std::pair<std::string, std::string>> months;  ///< YYYY-MM, inclusive
  std::vector<std::pair<std::string, std::string>> days;      ///< YYYY-MM-DD, inclusive
};
MonthSplit split_by_month(const std::string& start, const std::string& end);

/// One account's sum over a range, raw sign (debit +).
struct AccountSum {
  std::int64_t seq = 0;
  std::string id;
  std::string name;
  std::string type;
  std::string subtype;
  std::string currency;
  std::optional<std::string> category;     ///< the category's name when the account backs one
  std::optional<std::string> category_id;  ///< and its id
  std::int64_t net = 0;
};

/// The workspace's accounts of the given types (all when empty) with their sum
/// of postings dated in [start, end]; `start` empty means from the beginning.
/// Accounts with a zero sum are left out.
std::vector<AccountSum> sums_between(store::Store& st, const std::string& start,
                                     const std::string& end,
                                     const std::vector<std::string>& types = {});

/// The accounts a person spends from and is paid into: the cash basis's and the
/// cash flow's scope.
inline constexpr const char* kCashLikeSubtypes =
    "('bank', 'cash', 'wallet', 'savings', 'credit_card')";

/// Cash basis (issue 19): only transactions dated in [start, end] that move money
/// through a cash-like account count. Their income and expense postings count as
/// they are; a receivable collected counts as income ("<name> (collected)", type
/// income) and a payable or tax paid as an expense ("<name> (paid)", type
/// expense). Lending, transfers and equity never count. Zero sums left out.
std::vector<AccountSum> cash_basis_sums(store::Store& st, const std::string& start,
                                        const std::string& end);

/// Per account and month (YYYY-MM ≤ `last_month`), the month's net, for series.
struct MonthNet {
  std::int64_t seq = 0;
  std::string month;
  std::int64_t net = 0;
};
std::vector<MonthNet> month_nets_through(store::Store& st, const std::string& last_month);

}  // namespace tally::ledger
