#include "app/tool_runner.h"

#include <sqlite3.h>

#include <optional>

#include "app/call_store.h"
#include "ledger/audit.h"
#include "store/database.h"
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
  // A ledger deleted or replaced under a running server still reads (the open file
  // lives on), but what is written to it would be lost when the process exits.
  if (!tool.annotations.read_only && store::ledger_file_moved(st.db))
    throw mcp::ToolError(
        "the ledger file was deleted, moved or replaced while this server had it open, so the change was not "
        "made (it would be lost when the server exits). Put the ledger back, or restart Tally with --db naming "
        "where it is now; reads still answer from what was open");
  // A ledger opened read-only (the user may read it, not write it): said before
  // the handler runs, rather than by whichever statement writes first.
  if (!tool.annotations.read_only && store::is_read_only(st.db))
    throw mcp::ToolError(store::read_only_ledger_message());
  try {
    store::Transaction tx(st.db, tool.annotations.read_only ? store::Transaction::Kind::read
                                                            : store::Transaction::Kind::write);
    // A write is audited in its own transaction when it changed the ledger's
    // tables, from whichever toolset (ledger/audit.h); reads have nothing to say.
    std::optional<ledger::AuditScope> audit;
    if (!tool.annotations.read_only) audit.emplace(st, tx, tool.name, ledger::who_of(ctx));
    CancelWatch watch(handle, ctx, alone);
    mcp::ToolResult result = tool.handler(args, ctx);
    watch.stop();
    if (!result.is_error && !result.roll_back) {
      ctx.check_cancelled();  // a call cancelled before its commit leaves nothing behind
      if (audit) {
        audit->add_ids_from(args.raw());
        audit->add_ids_from(result.structured);
        audit->record();
      }
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
