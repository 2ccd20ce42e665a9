#pragma once
// Tools that exist only for tests: the conformance suite's test_* tools and a
// slow write for cancellation and progress. Compiled only with -Dtest_tools=true
// and offered only by `tally serve --test-tools`; never in the product's list.
#include "app/toolset.h"

namespace tally::testing {

app::Toolset test_toolset();

}  // namespace tally::testing
