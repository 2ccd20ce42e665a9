#pragma once
// The invoicing tables (module "invoicing"), forward-only.
#include <vector>

#include "store/migrations.h"

namespace tally::invoicing {

std::vector<store::Migration> migrations();

}  // namespace tally::invoicing
