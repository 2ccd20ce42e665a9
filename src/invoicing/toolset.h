#pragma once
// The `invoicing` toolset (seed product: FinOpps).
#include "app/toolset.h"

namespace tally::invoicing {

app::Toolset toolset();

}  // namespace tally::invoicing
