#pragma once
// The import tables' schema. Every ledger open applies it (app/ledger_file.h),
// so the module's tables are there before the first `tally import`.
#include <vector>

#include "store/migrations.h"

namespace tally::transfer {

std::vector<store::Migration> migrations();

}  // namespace tally::transfer
