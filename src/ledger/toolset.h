#pragma once
// The `ledger` toolset (seed product: Extrack).
#include "app/toolset.h"

namespace tally::ledger {

app::Toolset toolset();

}  // namespace tally::ledger
