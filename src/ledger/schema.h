#pragma once
// The ledger toolset's tables: accounts, persons, categories, transactions with
// immutable postings, per-account monthly running totals, and Extrack drafts.
#include <vector>

#include "store/migrations.h"

namespace tally::ledger {

std::vector<store::Migration> migrations();

}  // namespace tally::ledger
