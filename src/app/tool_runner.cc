#include "app/tool_runner.h"

#include <sqlite3.h>

#include "app/call_store.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"

namespace tally::app {

namespace {

/// While alive, this connection's statements stop (SQLITE_INTERRUPT) once the
/// call is cancelled: a progress check every few thousand VM steps, scoped to
/// one connection, unlike sqlite3_interrupt's "whatever runs now".
class CancelWatch {
 public:
  /// Watches only when `active` (the call runs alone in its transaction).
  CancelWatch(sqlite3* db, const mcp::CallContext& ctx, bool active) : db_(active ? db : nullptr) {
    if (db_ != nullptr)
      sqlite3_progress_handler(db_, 4000, &CancelWatch::check, const_cast<mcp::CallContext*>(&ctx));
  }
  ~CancelWatch() { stop(); }
  void stop() {
    if (db_ != nullptr) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    db_ = nullptr;
  }
  CancelWatch(const CancelWatch&) = delete;
  CancelWatch& operator=(const CancelWatch&) = delete;

 private:
  static int check(void* ctx) { return static_cast<mcp::CallContext*>(ctx)->cancelled() ? 1 : 0; }
  sqlite3* db_;
};

}  // namespace

mcp::ToolResult run_in_store(const mcp::ToolSpec& tool, const mcp::Args& args, mcp::CallContext& ctx) {
  store::Store& st = store_of(ctx);
  sqlite3* handle = st.db.getHandle();
  const bool alone = sqlite3_get_autocommit(handle) != 0;
  try {
    store::Transaction tx(st.db, tool.annotations.read_only ? store::Transaction::Kind::read
                                                            : store::Transaction::Kind::write);
    CancelWatch watch(handle, ctx, alone);
    mcp::ToolResult result = tool.handler(args, ctx);
    watch.stop();
    if (!result.is_error) {
      ctx.check_cancelled();  // a call cancelled before its commit leaves nothing behind
      tx.commit();
    }
    return result;
  } catch (const SQLite::Exception& e) {
    // Never SQLite's own words to a client (busy, full, read-only, corrupt…): what
    // happened and what to do. The transaction has rolled back.
    if (ctx.cancelled()) throw mcp::Cancelled{};
    throw mcp::ToolError(store::describe_sqlite_error(e));
  }
}

}  // namespace tally::app
