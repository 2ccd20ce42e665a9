#include "ledger/posting_batch.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

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

void index_for_search(store::Store& st, std::int64_t after_seq) {
  // Tags as doctor reads them back: group_concat in txn_tag's order.
  store::Prepared q = st.prepared(
      "INSERT INTO txn_fts (rowid, description, payee, memos, tags) SELECT t.seq, t.description, "
      "t.payee, coalesce((SELECT group_concat(p.memo, ' ') FROM posting p WHERE p.txn_seq = t.seq "
      "AND p.memo <> ''), ''), coalesce((SELECT group_concat(g.tag, ' ') FROM txn_tag g WHERE "
      "g.txn_seq = t.seq), '') FROM txn t WHERE t.seq > ?");
  q.bind(1, after_seq);
  q.exec();
}

}  // namespace tally::ledger
