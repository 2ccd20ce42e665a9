#pragma once
// How the inbox's pages reach the ledger: work runs on the call executor (reads
// on a reader, changes on the writer, in the caller's workspace), and changes go
// through the same tools assistants call, so the pages and assistants share one path.
#include <functional>
#include <optional>
#include <string>

#include "app/call_executor.h"
#include "app/runtime.h"
#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::web {

/// The store a page's work runs in.
store::Store& scope_store(mcp::CallScope* scope);

/// Runs page work on the executor. The answer travels as {"result": …}, so a
/// write whose group commit failed arrives as nullopt (never as a success).
void submit_page(app::CallExecutor& executor, bool write, app::Principal who,
                 std::function<std::optional<mcp::json>(mcp::CallScope*)> work,
                 std::function<void(std::optional<mcp::json>)> done);

/// A tool's answer to the page: ok, its error text, its structured result.
struct ToolOutcome {
  bool ok = false;
  std::string error;
  mcp::json result;
};

/// Runs tool `name` as the page's user, inside `scope`; drafts it stages or edits say "inbox".
ToolOutcome run_tool(app::Runtime& rt, mcp::CallScope* scope, const std::string& name,
                     const mcp::json& args);

}  // namespace tally::web
