#pragma once
// ledger_attach_file, ledger_list_attachments, ledger_detach_file (issue 21 item 1)
// and the tally://attachments/{sha} resource template.
#include <vector>

#include "mcp/resource_registry.h"
#include "mcp/tool.h"

namespace tally::ledger {

std::vector<mcp::ToolSpec> attachment_tools();

/// tally://attachments/{sha}: found only through the caller's workspace's links.
mcp::ResourceTemplateSpec attachment_resource_template();

}  // namespace tally::ledger
