#pragma once
// Affiliate prompts (issue 19): a fraud review, as a menu item.
#include <vector>

#include "mcp/prompt_registry.h"

namespace tally::affiliate {

std::vector<mcp::PromptSpec> prompts();

}  // namespace tally::affiliate
