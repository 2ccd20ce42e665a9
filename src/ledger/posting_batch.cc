#include "ledger/posting_batch.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

PostingBatch::PostingBatch(store::Store& st) : st_(st) {
  store::Prepared q = st_.prepared("SELECT coalesce(max(seq), 0) FROM txn");
  q.executeStep();
  after_seq_ = q.getColumn(0).getInt64();
}

void PostingBatch::finish() {
  try {
    rollups.write(st_);
  } catch (const SQLite::Exception& e) {
    // STRICT turns an overflowing sum (int64 → REAL) into a datatype error.
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_DATATYPE)
      throw mcp::ToolError("A report total would overflow the 64-bit amount range.");
    throw;
  }
  index_for_search(st_, after_seq_);
}

namespace {
thread_local std::vector<PostingBatch*> ambient;  // innermost last
}  // namespace

AmbientBatch::AmbientBatch(PostingBatch& batch) { ambient.push_back(&batch); }

AmbientBatch::~AmbientBatch() { ambient.pop_back(); }

PostingBatch* ambient_batch(store::Store& st) {
  for (auto it = ambient.rbegin(); it != ambient.rend(); ++it)
    if (&(*it)->store().db == &st.db) return *it;
  return nullptr;
}

void index_for_search(store::Store& st, std::int64_t after_seq) {
  // Tags as doctor reads them back: group_concat in txn_tag's order. In slices
  // of 5,000 transactions: one statement over a whole large import (100,000
  // invoices, each with its own number as a word) failed with SQLITE_FULL, as
  // FTS5 wrote its segments under one ever-growing statement journal.
  constexpr std::int64_t kSlice = 5000;
  store::Prepared last = st.prepared("SELECT coalesce(max(seq), 0) FROM txn");
  last.executeStep();
  const std::int64_t newest = last.getColumn(0).getInt64();
  last.reset();
  store::Prepared q = st.prepared(
      "INSERT INTO txn_fts (rowid, description, payee, memos, tags) SELECT t.seq, t.description, "
      "t.payee, coalesce((SELECT group_concat(p.memo, ' ') FROM posting p WHERE p.txn_seq = t.seq "
      "AND p.memo <> ''), ''), coalesce((SELECT group_concat(g.tag, ' ') FROM txn_tag g WHERE "
      "g.txn_seq = t.seq), '') FROM txn t WHERE t.seq > ? AND t.seq <= ?");
  for (std::int64_t from = after_seq; from < newest; from += kSlice) {
    q.bind(1, from);
    q.bind(2, std::min(from + kSlice, newest));
    q.exec();
    q.reset();
  }
}

}  // namespace tally::ledger
