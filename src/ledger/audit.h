#pragma once
// The ledger's audit trail (issue 21 item 2): one row per write that changes
// the ledger's tables, written in that write's own SQLite transaction, naming
// what (the tool or command), which ids, who (the MCP client, cli:<user>, the
// inbox, a schedule, and over HTTP the credential) and when. An import is one
// row with its counts. What changed is read from the transaction's write
// journal (store/write_journal.h), so a writer cannot forget to be audited;
// writers add notes only where ledger_undo needs them (ledger/undo.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/transaction.h"

namespace tally::ledger {

/// Who made a write.
struct Who {
  std::string actor;                      ///< an MCP client's name, cli:<user>, inbox, schedule
  std::optional<std::string> credential;  ///< over HTTP, the API key or OAuth credential id
};

/// The caller of a tool: its client name (as drafts record it) and, over HTTP, its credential.
Who who_of(const mcp::CallContext& ctx);
/// A command typed at this machine: cli:<user>.
Who cli_who();

/// Opened right after the write's transaction begins; `commit` writes the row
/// (when the ledger's tables changed) and then commits. Scopes nest: inside
/// another scope on the same connection (an import running tools row by row)
/// only the outermost writes a row, with everything the inner ones changed.
class AuditScope {
 public:
  AuditScope(store::Store& st, const store::Transaction& tx, std::string action, Who who);
  ~AuditScope();
  AuditScope(const AuditScope&) = delete;
  AuditScope& operator=(const AuditScope&) = delete;

  /// Ids the write concerns, beside those its notes name (kept in order, once each).
  void add_id(const std::string& id);
  /// The ids among a tool's top-level arguments and answer ("id", "…Id", "…Ids").
  void add_ids_from(const mcp::json& object);
  /// Counts an import reports (lines read, imported, duplicates, …).
  void set_summary(mcp::json summary) { summary_ = std::move(summary); }
  /// The row offers no undo whatever its writers noted (a schedule's occurrence:
  /// skipped or voided with the schedule's own tools, never half-reversed).
  void without_undo() { undoable_ = false; }

  /// Writes the row when this is the outermost scope and the ledger changed;
  /// returns its id (aud_<n>). Call before the transaction commits.
  std::optional<std::string> record();
  /// record(), then commits `tx`.
  std::optional<std::string> commit(store::Transaction& tx);

 private:
  store::Store& st_;
  std::size_t frame_;
  std::string action_;
  Who who_;
  std::vector<std::string> ids_;
  mcp::json summary_ = nullptr;
  bool outermost_;
  bool undoable_ = true;
};

/// A note for ledger_undo, kept with the write's audit row. `undo` names how
/// it is undone ("unpost", "close_account", "delete_draft"); the rest are its ids.
void note_undo(store::Store& st, mcp::json note);
/// Marks the row being written as the undo of `audit_seq`.
void note_undoes(store::Store& st, std::int64_t audit_seq);

struct AuditEntry {
  std::int64_t seq = 0;
  std::string id;  ///< aud_<n>, numbered per workspace
  std::string at, actor, action;
  std::optional<std::string> credential;
  mcp::json ids, counts, summary, undo;
  std::optional<std::string> undoes, undone_by;  ///< audit ids
};

std::optional<AuditEntry> find_audit(store::Store& st, const std::string& audit_id);

struct AuditFilter {
  std::optional<std::string> action, actor, id, start_date, end_date, cursor;
  int limit = 50;
};
struct AuditPage {
  std::vector<AuditEntry> entries;
  std::int64_t total = 0;
  bool total_exact = true;
  bool truncated = false;
};
/// Newest first, in keyset pages.
AuditPage list_audit(store::Store& st, const AuditFilter& f);

mcp::json audit_json(const AuditEntry& e);
mcp::json audit_entry_schema();

store::Migration audit_migration();

}  // namespace tally::ledger
