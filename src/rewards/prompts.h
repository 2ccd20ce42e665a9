#pragma once
// Rewards' prompts (issue 19): "which card for this purchase?", as a menu item.
#include <vector>

#include "mcp/prompt_registry.h"

namespace tally::rewards {

std::vector<mcp::PromptSpec> prompts();

}  // namespace tally::rewards
