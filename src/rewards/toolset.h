#pragma once
// The `rewards` toolset (seed product: Finstracker).
#include "app/toolset.h"

namespace tally::rewards {

app::Toolset toolset();

}  // namespace tally::rewards
