#pragma once
// `tally init`: the starting accounts and categories of a new ledger.
#include <string>

#include "store/store.h"

namespace tally::ledger {

/// Records `currency` as the workspace's default and adds the default accounts
/// and categories that are missing (running it twice adds nothing).
void init_defaults(store::Store& st, const std::string& currency);

}  // namespace tally::ledger
