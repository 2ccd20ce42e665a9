#pragma once
// Running totals of income (payments) and expenses per day and currency, kept
// in the same transaction as each payment or expense so period sums read one
// row per day instead of every row (domain.md §1 "running-totals table";
// `tally doctor` recomputes them).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::invoicing {

struct PeriodTotal {
  std::string currency;
  std::int64_t amount_minor = 0;
  std::int64_t entries = 0;
};

/// kind is "income" or "expense".
void add_daily_total(store::Store& st, const char* kind, const std::string& date, const std::string& currency,
                     std::int64_t amount_minor);

/// Takes one entry of `amount_minor` back out (a voided payment or expense).
void remove_daily_total(store::Store& st, const char* kind, const std::string& date, const std::string& currency,
                        std::int64_t amount_minor);

/// Per-currency sums without GROUP BY's sort when all rows share a currency.
/// `sums` is "sum(…), … FROM table WHERE …" over a table with a `currency`
/// column; `bind` binds its parameters; `row(currency, q)` reads one currency's
/// sums from column 2 on, in currency order.
void sums_per_currency(store::Store& st, const std::string& sums, const std::function<void(store::Prepared&)>& bind,
                       const std::function<void(const std::string&, store::Prepared&)>& row);

/// Totals per currency (in currency order) of days in [start, end]; an absent bound is open.
std::vector<PeriodTotal> period_totals(store::Store& st, const char* kind, const std::optional<std::string>& start,
                                       const std::optional<std::string>& end);

}  // namespace tally::invoicing
