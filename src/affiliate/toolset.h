#pragma once
// The `affiliate` toolset (seed product: Trcker).
#include "app/toolset.h"

namespace tally::affiliate {

app::Toolset toolset();

}  // namespace tally::affiliate
