#pragma once
// The affiliate tables (all prefixed tr_), forward-only migrations of module "affiliate".
#include <vector>

#include "store/migrations.h"

namespace tally::affiliate {

std::vector<store::Migration> migrations();

}  // namespace tally::affiliate
