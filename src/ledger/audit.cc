#include "ledger/audit.h"

#include <algorithm>
#include <cstring>

#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"
#include "ledger/drafts.h"
#include "store/write_journal.h"

namespace tally::ledger {

using mcp::json;

namespace {

/// The ledger's own tables, as the audit row counts them. Rollups, the search
/// index and draft details (IOUs, draft tags) change with these and are not
/// counted again; other toolsets' tables are theirs (the affiliate toolset keeps
/// its own log), though a write that also touches the ledger is audited whole.
struct LedgerTable {
  const char* table;
  const char* shown;
};
constexpr LedgerTable kLedgerTables[] = {
    {"txn", "transactions"},
    {"posting", "postings"},
    {"txn_draft", "drafts"},
    {"account", "accounts"},
    {"category", "categories"},
    {"person", "people"},
    {"budget", "budgets"},
    {"price", "prices"},
    {"schedule", "schedules"},
    {"txn_tag", "tags"},
    {"attachment", "attachments"},
    {"balance_assertion", "balanceAssertions"},
    {"posting_cleared", "clearedPostings"},
    {"ledger_settings", "settings"},
};
constexpr std::size_t kMaxIds = 100;

/// The connections of this thread's open scopes, innermost last.
thread_local std::vector<sqlite3*> open_scope_dbs;

json ledger_counts(const store::journal::Frame& f) {
  json counts = json::object();
  for (const auto& c : f.changes)
    for (const auto& t : kLedgerTables)
      if (c.table == t.table) {
        json one = json::object();
        if (c.inserted) one["added"] = c.inserted;
        if (c.updated) one["changed"] = c.updated;
        if (c.deleted) one["removed"] = c.deleted;
        if (!one.empty()) counts[t.shown] = one;
      }
  return counts;
}

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

/// "draftId", "transactionId", …: a key whose value is an id.
bool names_an_id(const std::string& key) {
  return key.size() > 2 && key.compare(key.size() - 2, 2, "Id") == 0;
}

json opt_json(const SQLite::Column& c) {
  return c.isNull() ? json(nullptr) : json::parse(c.getString());
}

constexpr const char* kColumns =
    "a.seq, a.n, a.at, a.actor, a.credential, a.action, a.ids, a.counts, a.summary, a.undo, "
    "(SELECT 'aud_' || u.n FROM ledger_audit u WHERE u.seq = a.undoes), "
    "(SELECT 'aud_' || u.n FROM ledger_audit u WHERE u.seq = a.undone_by)";

AuditEntry read_entry(SQLite::Statement& q) {
  AuditEntry e;
  e.seq = q.getColumn(0).getInt64();
  e.id = "aud_" + std::to_string(q.getColumn(1).getInt64());
  e.at = q.getColumn(2).getString();
  e.actor = q.getColumn(3).getString();
  e.credential = opt_text(q.getColumn(4));
  e.action = q.getColumn(5).getString();
  e.ids = json::parse(q.getColumn(6).getString());
  e.counts = json::parse(q.getColumn(7).getString());
  e.summary = opt_json(q.getColumn(8));
  e.undo = opt_json(q.getColumn(9));
  e.undoes = opt_text(q.getColumn(10));
  e.undone_by = opt_text(q.getColumn(11));
  return e;
}

/// aud_<n> → n, or nullopt for anything else.
std::optional<std::int64_t> audit_number(const std::string& id) {
  if (id.size() < 5 || id.size() > 22 || id.rfind("aud_", 0) != 0) return std::nullopt;
  std::int64_t n = 0;
  for (std::size_t i = 4; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return std::nullopt;
    n = n * 10 + (id[i] - '0');
  }
  if (n <= 0) return std::nullopt;
  return n;
}

}  // namespace

Who who_of(const mcp::CallContext& ctx) {
  Who who{draft_source(ctx.client_info()), std::nullopt};
  const json& origin = app::origin_of(ctx);
  if (origin.is_object() && origin.contains("keyId") && origin["keyId"].is_string())
    who.credential = origin["keyId"].get<std::string>();
  return who;
}

// cli:<user>, as drafts staged from the command line say.
Who cli_who() {
  return Who{draft_source(json{{"name", "tally-cli"}}), std::nullopt};
}

AuditScope::AuditScope(store::Store& st, const store::Transaction&, std::string action, Who who)
    : st_(st),
      frame_(store::journal::depth() - 1),
      action_(std::move(action)),
      who_(std::move(who)) {
  sqlite3* db = st_.db.getHandle();
  outermost_ = std::find(open_scope_dbs.begin(), open_scope_dbs.end(), db) == open_scope_dbs.end();
  open_scope_dbs.push_back(db);
}

AuditScope::~AuditScope() {
  open_scope_dbs.pop_back();
}

void AuditScope::add_id(const std::string& id) {
  if (id.empty() || std::find(ids_.begin(), ids_.end(), id) != ids_.end()) return;
  ids_.push_back(id);
}

void AuditScope::add_ids_from(const json& object) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    const bool one = key == "id" || names_an_id(key);
    const bool many = key.size() > 3 && key.compare(key.size() - 3, 3, "Ids") == 0;
    if (one && value.is_string()) add_id(value.get<std::string>());
    if (many && value.is_array())
      for (const auto& v : value)
        if (v.is_string()) add_id(v.get<std::string>());
  }
}

std::optional<std::string> AuditScope::record() {
  if (!outermost_) return std::nullopt;  // the enclosing scope's row takes it all
  store::journal::Frame& frame = store::journal::frame_at(frame_);
  if (frame.recorded) return std::nullopt;
  json counts = ledger_counts(frame);
  if (counts.empty()) return std::nullopt;  // nothing of the ledger changed: no row

  // The notes' ids first (what the write did), then the call's own, each once.
  json undo = json::array();
  std::vector<std::int64_t> undoes;
  std::vector<std::string> unique;
  auto keep = [&](const std::string& id) {
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  };
  for (const auto& n : frame.notes) {
    if (n.contains("undoes")) {
      undoes.push_back(n["undoes"].get<std::int64_t>());
      continue;
    }
    for (const auto& [key, value] : n.items())
      if (names_an_id(key) && value.is_string()) keep(value.get<std::string>());
    if (n.contains("undo") && undoable_) undo.push_back(n);
  }
  for (const auto& id : ids_) keep(id);
  json summary = summary_;
  if (unique.size() > kMaxIds) {
    if (!summary.is_object()) summary = json::object();
    summary["moreIds"] = unique.size() - kMaxIds;  // said, never silently cut
    unique.resize(kMaxIds);
  }

  auto next = st_.prepared("SELECT coalesce(max(n), 0) + 1 FROM ledger_audit WHERE ws = ?");
  next->bind(1, st_.workspace_id);
  next->executeStep();
  const std::int64_t n = next->getColumn(0).getInt64();
  next->reset();
  auto insert = st_.prepared(
      "INSERT INTO ledger_audit (ws, n, at, actor, credential, action, ids, counts, summary, undo, "
      "undoes) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  insert->bind(1, st_.workspace_id);
  insert->bind(2, n);
  insert->bind(3, st_.clock.now_iso());
  insert->bind(4, who_.actor);
  if (who_.credential)
    insert->bind(5, *who_.credential);
  else
    insert->bind(5);
  insert->bind(6, action_);
  insert->bind(7, json(unique).dump());
  insert->bind(8, counts.dump());
  if (summary.is_null())
    insert->bind(9);
  else
    insert->bind(9, summary.dump());
  if (undo.empty())
    insert->bind(10);
  else
    insert->bind(10, undo.dump());
  if (undoes.empty())
    insert->bind(11);
  else
    insert->bind(11, undoes.front());
  insert->exec();
  insert->reset();
  const std::int64_t seq = st_.db.getLastInsertRowid();
  // Each id once more, keyed, so "the writes that concern this id" is an index
  // lookup on a log of millions of rows rather than a read of every entry.
  auto ref = st_.prepared("INSERT OR IGNORE INTO ledger_audit_ref (ws, ref, seq) VALUES (?,?,?)");
  for (const auto& id : unique) {
    ref->bind(1, st_.workspace_id);
    ref->bind(2, id);
    ref->bind(3, seq);
    ref->exec();
    ref->reset();
  }
  for (std::int64_t undone : undoes) {
    auto mark = st_.prepared("UPDATE ledger_audit SET undone_by = ? WHERE seq = ? AND ws = ?");
    mark->bind(1, seq);
    mark->bind(2, undone);
    mark->bind(3, st_.workspace_id);
    mark->exec();
    mark->reset();
  }
  frame.recorded = true;
  return "aud_" + std::to_string(n);
}

std::optional<std::string> AuditScope::commit(store::Transaction& tx) {
  auto id = record();
  tx.commit();
  return id;
}

void note_undo(store::Store& st, json note) {
  store::journal::note(st.db.getHandle(), std::move(note));
}

void note_undoes(store::Store& st, std::int64_t audit_seq) {
  store::journal::note(st.db.getHandle(), json{{"undoes", audit_seq}});
}

std::optional<AuditEntry> find_audit(store::Store& st, const std::string& audit_id) {
  auto n = audit_number(audit_id);
  if (!n) return std::nullopt;
  SQLite::Statement q(
      st.db, std::string("SELECT ") + kColumns + " FROM ledger_audit a WHERE a.ws = ? AND a.n = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, *n);
  if (!q.executeStep()) return std::nullopt;
  return read_entry(q);
}

AuditPage list_audit(store::Store& st, const AuditFilter& f) {
  std::optional<std::int64_t> before;
  if (f.cursor) {
    before = audit_number(*f.cursor);
    if (!before)
      throw mcp::ToolError("cursor: \"" + *f.cursor + "\" is not a nextCursor this tool gave");
  }
  const std::string where =
      " FROM ledger_audit a WHERE a.ws = ?1 AND (?2 IS NULL OR a.action = ?2) AND (?3 IS NULL OR "
      "a.actor = ?3)"
      " AND (?4 IS NULL OR a.seq IN (SELECT r.seq FROM ledger_audit_ref r WHERE r.ws = ?1 AND "
      "r.ref = ?4))"
      " AND (?5 IS NULL OR substr(a.at, 1, 10) >= ?5) AND (?6 IS NULL OR substr(a.at, 1, 10) <= "
      "?6)";
  auto bind_filters = [&](SQLite::Statement& q) {
    q.bind(1, st.workspace_id);
    auto opt = [&](int i, const std::optional<std::string>& v) {
      if (v)
        q.bind(i, *v);
      else
        q.bind(i);
    };
    opt(2, f.action);
    opt(3, f.actor);
    opt(4, f.id);
    opt(5, f.start_date);
    opt(6, f.end_date);
  };
  AuditPage page;
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns + where +
                                 " AND (?7 IS NULL OR a.n < ?7) ORDER BY a.n DESC LIMIT ?8");
  bind_filters(q);
  if (before)
    q.bind(7, *before);
  else
    q.bind(7);
  q.bind(8, f.limit + 1);
  while (q.executeStep()) page.entries.push_back(read_entry(q));
  page.truncated = static_cast<int>(page.entries.size()) > f.limit;
  if (page.truncated) page.entries.pop_back();
  // Exact up to 10,000 matches, like search; said when it is not.
  SQLite::Statement count(st.db, "SELECT count(*) FROM (SELECT 1" + where + " LIMIT 10001)");
  bind_filters(count);
  count.executeStep();
  page.total = count.getColumn(0).getInt64();
  page.total_exact = page.total <= 10000;
  if (!page.total_exact) page.total = 10000;
  return page;
}

json audit_json(const AuditEntry& e) {
  json j{{"auditId", e.id},
         {"at", e.at},
         {"actor", e.actor},
         {"action", e.action},
         {"ids", e.ids},
         {"counts", e.counts},
         {"undoable", !e.undo.is_null() && !e.undone_by}};
  if (e.credential) j["credentialId"] = *e.credential;
  if (!e.summary.is_null()) j["summary"] = e.summary;
  if (e.undone_by) j["undoneBy"] = *e.undone_by;
  if (e.undoes) j["undoes"] = *e.undoes;
  return j;
}

json audit_entry_schema() {
  json count{{"type", "object"},
             {"properties",
              {{"added", {{"type", "integer"}}},
               {"changed", {{"type", "integer"}}},
               {"removed", {{"type", "integer"}}}}}};
  return {
      {"type", "object"},
      {"properties",
       {{"auditId",
         {{"type", "string"},
          {"description", "aud_<n>, numbered per workspace; pass to ledger_undo"}}},
        {"at", {{"type", "string"}, {"description", "when (UTC, ISO 8601)"}}},
        {"actor",
         {{"type", "string"},
          {"description", "who: the MCP client's name, cli:<user>, inbox or schedule"}}},
        {"credentialId",
         {{"type", "string"}, {"description", "over HTTP, the API key or OAuth credential id"}}},
        {"action",
         {{"type", "string"},
          {"description",
           "the tool or command, e.g. extrack_post_transaction_draft, import statement"}}},
        {"ids",
         {{"type", "array"},
          {"items", {{"type", "string"}}},
          {"description", "the ids the write concerns"}}},
        {"counts",
         {{"type", "object"},
          {"additionalProperties", count},
          {"description",
           "rows of the ledger's tables added, changed and removed (transactions, postings, "
           "drafts, …)"}}},
        {"summary",
         {{"type", "object"},
          {"description", "an import's own counts (lines, imported, duplicates, …)"}}},
        {"undoable",
         {{"type", "boolean"},
          {"description",
           "it has an undo and was not undone; ledger_undo says why if what it touched changed "
           "since"}}},
        {"undoneBy",
         {{"type", "string"}, {"description", "the audit id of the undo that reversed it"}}},
        {"undoes",
         {{"type", "string"}, {"description", "for an undo: the audit id it reversed"}}}}},
      {"required", {"auditId", "at", "actor", "action", "ids", "counts", "undoable"}}};
}

store::Migration audit_migration() {
  return {"ledger", 13, R"sql(
CREATE TABLE ledger_audit (
  seq INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  n INTEGER NOT NULL CHECK (n > 0),            -- the public id is aud_<n>, per workspace
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  credential TEXT,
  action TEXT NOT NULL,
  ids TEXT NOT NULL CHECK (json_valid(ids)),
  counts TEXT NOT NULL CHECK (json_valid(counts)),
  summary TEXT,
  undo TEXT,                                   -- the notes ledger_undo acts on; NULL when it cannot
  undoes INTEGER REFERENCES ledger_audit(seq),
  undone_by INTEGER REFERENCES ledger_audit(seq),
  UNIQUE (ws, n)
) STRICT;
CREATE INDEX ledger_audit_action ON ledger_audit (ws, action, n);
CREATE TABLE ledger_audit_ref (                -- the ids of each row, for the log's id filter
  ws INTEGER NOT NULL REFERENCES workspace(id),
  ref TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES ledger_audit(seq),
  PRIMARY KEY (ws, ref, seq)
) STRICT, WITHOUT ROWID;
)sql"};
}

}  // namespace tally::ledger
