#pragma once
// How a handler reaches its store: from the call, never from a Store captured
// when the tools were built. Tool specs are built once and shared by every
// workspace; the runner (app/tool_runner.h) binds each call to the caller's
// workspace and to a connection (a reader for read-only tools, the writer for
// the rest) before the handler runs.
#include <stdexcept>
#include <string>
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::app {

/// The store a call runs against.
class StoreScope final : public mcp::CallScope {
 public:
  explicit StoreScope(store::Store s) : store(std::move(s)) {}
  store::Store store;
  /// Over HTTP, who called: {"address", "userAgent", "keyId"} for audit rows; null over stdio.
  mcp::json origin = nullptr;
  /// Folders whose files ledger_attach_file may read by `path` (--attach-dir);
  /// empty over HTTP, where `path` is refused anyway.
  std::vector<std::string> attach_dirs = {};
};

/// The call's origin (StoreScope::origin), or null.
inline const mcp::json& origin_of(const mcp::CallContext& ctx) {
  static const mcp::json none = nullptr;
  auto* scope = dynamic_cast<const StoreScope*>(ctx.scope);
  return scope ? scope->origin : none;
}

/// The caller's store. Every handler starts here.
inline store::Store& store_of(mcp::CallContext& ctx) {
  auto* scope = dynamic_cast<StoreScope*>(ctx.scope);
  if (scope == nullptr) throw std::logic_error("a tool ran without a store bound to its call");
  return scope->store;
}

}  // namespace tally::app
