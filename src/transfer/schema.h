#pragma once
// The transfer module's tables: what statement imports have seen (for
// duplicate detection) and the source-system ids entity files brought in.
#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/store.h"

namespace tally::transfer {

std::vector<store::Migration> migrations();

/// Applies the module's pending migrations to an opened ledger (the import
/// commands call it; `tally serve` never pays for it). With `rolled_back`
/// (a dry run) the caller holds a transaction it will roll back: the tables are
/// created inside it, so a dry run leaves even a first-time ledger unchanged.
void ensure_schema(store::Store& st, const std::string& path, bool rolled_back);

}  // namespace tally::transfer
