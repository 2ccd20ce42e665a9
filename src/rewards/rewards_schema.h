#pragma once
// The rewards toolset's tables (module "rewards"), forward-only.
#include <vector>

#include "store/migrations.h"

namespace tally::rewards {

std::vector<store::Migration> migrations();

}  // namespace tally::rewards
