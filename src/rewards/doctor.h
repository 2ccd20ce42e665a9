#pragma once
// `tally doctor` for rewards: every card's balance equals its earn minus
// redeem transactions, in the card's own unit.
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::rewards {

std::vector<std::string> check_invariants(store::Store& st);

}  // namespace tally::rewards
