#pragma once
// A bulk import's postings: what ledger::post adds beside them (the search
// index and the report rollups) written once for the whole import, before it
// commits. SQLite 3.40's FTS5 writes its pending index at every statement
// savepoint, so indexing one row at a time cost an import 40 % of its CPU;
// the rollups' rows are summed per key instead of upserted per transaction.
#include <cstdint>

#include "ledger/rollup_writes.h"
#include "store/store.h"

namespace tally::ledger {

/// While alive, every ledger::post on this thread to its connection joins it:
/// a bank statement's lines and an entity import's rows alike, the latter
/// posted through tools that know nothing of the import. FTS5 flushing its
/// pending index at every row's savepoint also made a large import fail with
/// SQLITE_FULL once the index held 2,000 segments (about 400,000 invoices).
class PostingBatch {
 public:
  /// Notes the last transaction so far; everything posted after it is the batch's.
  explicit PostingBatch(store::Store& st);
  ~PostingBatch();
  PostingBatch(const PostingBatch&) = delete;
  PostingBatch& operator=(const PostingBatch&) = delete;

  /// Indexes the batch's transactions for search and writes their rollups, in
  /// the caller's SQLite transaction. Call once, before it commits.
  void finish();

  RollupRows rollups;  ///< filled by ledger::post

 private:
  store::Store& st_;
  std::int64_t after_seq_;
};

/// The batch open on `st`'s connection (this thread), or null.
PostingBatch* open_batch(store::Store& st);

/// Adds the transactions after `after_seq` up to `last_seq` (ledger migration 3's
/// txn_fts: description, payee, memos and tags) to the search index:
/// ledger::post's one transaction, or a batch's all.
void index_for_search(store::Store& st, std::int64_t after_seq, std::int64_t last_seq);

}  // namespace tally::ledger
