#pragma once
// The prompts and resources the official conformance suite reads by fixed
// names (test_simple_prompt, test://static-text, test://template/{id}/data, …),
// as its everything-server serves them. Test builds only (-Dtest_tools=true).
#include <vector>

#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/tool.h"

namespace tally::testing {

std::vector<mcp::PromptSpec> conformance_prompts();
std::vector<mcp::ResourceSpec> conformance_resources();
std::vector<mcp::ResourceTemplateSpec> conformance_resource_templates();
/// The test_input_required_result_* tools: they ask through CallContext::ask, so one
/// handler serves legacy clients (server→client requests) and modern ones (input_required).
std::vector<mcp::ToolSpec> input_required_tools();

}  // namespace tally::testing
