#include "ledger/attachments.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/drafts.h"
#include "mcp/tool.h"

namespace tally::ledger {

using mcp::ToolError;

namespace {

constexpr const char* kColumns =
    "id, sha256, file_name, mime_type, size, coalesce(txn_id, ''), coalesce(draft_id, ''), "
    "created_at";

Attachment row(SQLite::Statement& q) {
  return Attachment{q.getColumn(0).getString(), q.getColumn(1).getString(),
                    q.getColumn(2).getString(), q.getColumn(3).getString(),
                    q.getColumn(4).getInt64(),  q.getColumn(5).getString(),
                    q.getColumn(6).getString(), q.getColumn(7).getString()};
}

/// "txn_id = ?" or "draft_id = ?" and the id to bind.
std::pair<std::string, std::string> where(const AttachTarget& t) {
  return t.transaction_id.empty()
             ? std::pair<std::string, std::string>{"draft_id = ?", t.draft_id}
             : std::pair<std::string, std::string>{"txn_id = ?", t.transaction_id};
}

}  // namespace

void require_target(store::Store& st, const AttachTarget& target) {
  if (!target.transaction_id.empty()) {
    SQLite::Statement q(st.db, "SELECT 1 FROM txn WHERE id = ? AND ws = ?");
    q.bind(1, target.transaction_id);
    q.bind(2, st.workspace_id);
    if (!q.executeStep())
      throw ToolError("Transaction not found: transactionId \"" + target.transaction_id + "\"");
    return;
  }
  if (find_draft(st, target.draft_id)) return;
  if (auto txn = posted_transaction(st, target.draft_id))
    throw ToolError("Draft " + target.draft_id + " was posted as " + *txn +
                    "; attach to transactionId \"" + *txn + "\"");
  throw ToolError("Draft not found: draftId \"" + target.draft_id + "\"");
}

std::optional<Attachment> find_link(store::Store& st, const AttachTarget& target,
                                    const std::string& sha) {
  auto [clause, id] = where(target);
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns +
                                 " FROM attachment WHERE ws = ? AND sha256 = ? AND " + clause);
  q.bind(1, st.workspace_id);
  q.bind(2, sha);
  q.bind(3, id);
  if (!q.executeStep()) return std::nullopt;
  return row(q);
}

Attachment insert_link(store::Store& st, const AttachTarget& target, const std::string& sha,
                       const std::string& file_name, const std::string& mime_type,
                       std::int64_t size) {
  Attachment a{
      st.ids.next("att"), sha, file_name, mime_type, size, target.transaction_id, target.draft_id,
      st.clock.now_iso()};
  SQLite::Statement q(
      st.db,
      "INSERT INTO attachment (id, ws, sha256, file_name, mime_type, size, txn_id, draft_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?)");
  q.bind(1, a.id);
  q.bind(2, st.workspace_id);
  q.bind(3, a.sha256);
  q.bind(4, a.file_name);
  q.bind(5, a.mime_type);
  q.bind(6, a.size);
  q.bind(7, a.transaction_id);
  q.bind(8, a.draft_id);
  q.bind(9, a.created_at);
  q.exec();
  return a;
}

std::vector<Attachment> list_links(store::Store& st, const AttachTarget& target) {
  auto [clause, id] = where(target);
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns +
                                 " FROM attachment WHERE ws = ? AND " + clause + " ORDER BY id");
  q.bind(1, st.workspace_id);
  q.bind(2, id);
  std::vector<Attachment> out;
  while (q.executeStep()) out.push_back(row(q));
  return out;
}

std::optional<Attachment> find_link_by_id(store::Store& st, const std::string& id) {
  SQLite::Statement q(
      st.db, std::string("SELECT ") + kColumns + " FROM attachment WHERE ws = ? AND id = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  return row(q);
}

bool delete_link(store::Store& st, const Attachment& link) {
  SQLite::Statement del(st.db, "DELETE FROM attachment WHERE ws = ? AND id = ?");
  del.bind(1, st.workspace_id);
  del.bind(2, link.id);
  del.exec();
  SQLite::Statement left(st.db, "SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1");
  left.bind(1, link.sha256);
  return !left.executeStep();
}

std::optional<Attachment> find_by_sha(store::Store& st, const std::string& sha) {
  SQLite::Statement q(st.db,
                      std::string("SELECT ") + kColumns +
                          " FROM attachment WHERE ws = ? AND sha256 = ? ORDER BY id LIMIT 1");
  q.bind(1, st.workspace_id);
  q.bind(2, sha);
  if (!q.executeStep()) return std::nullopt;
  return row(q);
}

void move_draft_links(store::Store& st, const std::string& draft_id,
                      const std::string& transaction_id) {
  SQLite::Statement q(
      st.db, "UPDATE attachment SET txn_id = ?, draft_id = NULL WHERE ws = ? AND draft_id = ?");
  q.bind(1, transaction_id);
  q.bind(2, st.workspace_id);
  q.bind(3, draft_id);
  q.exec();
}

std::vector<std::pair<std::string, std::int64_t>> all_stored(SQLite::Database& db) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  if (!db.tableExists("attachment")) return out;
  SQLite::Statement q(db,
                      "SELECT sha256, max(size) FROM attachment GROUP BY sha256 ORDER BY sha256");
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return out;
}

}  // namespace tally::ledger
