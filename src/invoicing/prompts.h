#pragma once
// Invoicing's prompts (issue 19): "which invoices are overdue?", as a menu item.
#include <vector>

#include "mcp/prompt_registry.h"

namespace tally::invoicing {

std::vector<mcp::PromptSpec> prompts();

}  // namespace tally::invoicing
