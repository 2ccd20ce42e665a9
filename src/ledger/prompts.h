#pragma once
// The ledger's menu of prompts (issue 19): the questions people ask of their
// books, each spelling out which tools to call and in which order.
#include <vector>

#include "mcp/prompt_registry.h"

namespace tally::ledger {

std::vector<mcp::PromptSpec> prompts();

}  // namespace tally::ledger
