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
/// commands call it; `tally serve` never pays for it).
void ensure_schema(store::Store& st, const std::string& path);

}  // namespace tally::transfer
