#pragma once
// What surrounds every handler (ToolRunner, mcp/tool_registry.h): the call's
// transaction, opened by the tool's readOnlyHint so no handler forgets one — a
// read snapshot for read-only tools, the write lock for the rest — and a
// cancellation check that interrupts only this call's statements.
#include "mcp/tool.h"

namespace tally::app {

/// Runs `tool` against the store bound to the call (app/call_store.h). The
/// transaction commits when the handler succeeds and rolls back on an error
/// result, a ToolError or cancellation. Inside a caller's transaction (a group
/// commit) it is a savepoint, and cancellation is left to the handler's own
/// check: interrupting SQLite there would undo the other callers' writes too.
mcp::ToolResult run_in_store(const mcp::ToolSpec& tool, const mcp::Args& args, mcp::CallContext& ctx);

}  // namespace tally::app
