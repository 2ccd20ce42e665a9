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

class PostingBatch {
 public:
  /// Notes the last transaction so far; everything posted after it (with
  /// TxnSpec::batch = this) is the batch's.
  explicit PostingBatch(store::Store& st);
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

/// Adds every transaction after `after_seq` (ledger migration 3's txn_fts: its
/// description, payee, memos and tags) to the search index, in one statement:
/// ledger::post's one transaction, or a batch's all.
void index_for_search(store::Store& st, std::int64_t after_seq);

}  // namespace tally::ledger
