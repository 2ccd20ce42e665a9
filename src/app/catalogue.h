#pragma once
// Every toolset Tally ships, in the order tools/list shows them.
#include <string>
#include <vector>

#include "app/toolset.h"

namespace tally::app {

std::vector<Toolset> all_toolsets();

/// Picks toolsets by name from a comma-separated list ("" = all). Throws
/// std::invalid_argument naming an unknown one and the choices.
std::vector<Toolset> select_toolsets(const std::string& names);

}  // namespace tally::app
