#include "ledger/posting_batch.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "mcp/tool.h"

namespace tally::ledger {

namespace {
thread_local std::vector<std::pair<SQLite::Database*, PostingBatch*>>
    open_batches;  // innermost last

std::int64_t newest_seq(store::Store& st) {
  store::Prepared q = st.prepared("SELECT coalesce(max(seq), 0) FROM txn");
  q.executeStep();
  std::int64_t seq = q.getColumn(0).getInt64();
  q.reset();
  return seq;
}
}  // namespace

PostingBatch::PostingBatch(store::Store& st) : st_(st), after_seq_(newest_seq(st)) {
  open_batches.emplace_back(&st.db, this);
}

PostingBatch::~PostingBatch() {
  open_batches.pop_back();
}

PostingBatch* open_batch(store::Store& st) {
  for (auto it = open_batches.rbegin(); it != open_batches.rend(); ++it)
    if (it->first == &st.db) return it->second;
  return nullptr;
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
  index_for_search(st_, after_seq_, newest_seq(st_));
}

void index_for_search(store::Store& st, std::int64_t after_seq, std::int64_t last_seq) {
  // Tags as doctor reads them back: group_concat in txn_tag's order. In slices
  // of 5,000 transactions: one statement over a whole large import (100,000
  // invoices, each with its own number as a word) failed with SQLITE_FULL, as
  // FTS5 wrote its segments under one ever-growing statement journal.
  constexpr std::int64_t kSlice = 5000;
  store::Prepared q = st.prepared(
      "INSERT INTO txn_fts (rowid, description, payee, memos, tags) SELECT t.seq, t.description, "
      "t.payee, coalesce((SELECT group_concat(p.memo, ' ') FROM posting p WHERE p.txn_seq = t.seq "
      "AND p.memo <> ''), ''), coalesce((SELECT group_concat(g.tag, ' ') FROM txn_tag g WHERE "
      "g.txn_seq = t.seq), '') FROM txn t WHERE t.seq > ? AND t.seq <= ?");
  for (std::int64_t from = after_seq; from < last_seq; from += kSlice) {
    q.bind(1, from);
    q.bind(2, std::min(from + kSlice, last_seq));
    q.exec();
    q.reset();
  }
}

}  // namespace tally::ledger
