#pragma once
// The affiliate invariants `tally doctor` checks.
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::affiliate {

/// Each violation as a sentence: a payout whose amount is not the sum of its
/// conversions' payouts, a paid conversion outside a paid payout, a paid payout
/// with unpaid conversions, click totals that drifted from the clicks.
std::vector<std::string> check_invariants(store::Store& st);

}  // namespace tally::affiliate
