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
  store::Store& store() { return st_; }

 private:
  store::Store& st_;
  std::int64_t after_seq_;
};

/// While alive, every ledger::post on this thread to `batch`'s connection joins
/// it, as if each TxnSpec named it: an entity import's rows post through their
/// tools, which know nothing of the import. FTS5 flushing its pending index at
/// every row's savepoint also made a large import fail with SQLITE_FULL once
/// the index held 2,000 segments (about 400,000 issued invoices in one file).
class AmbientBatch {
 public:
  explicit AmbientBatch(PostingBatch& batch);
  ~AmbientBatch();
  AmbientBatch(const AmbientBatch&) = delete;
  AmbientBatch& operator=(const AmbientBatch&) = delete;
};

/// The batch an AmbientBatch opened on `st`'s connection, or null.
PostingBatch* ambient_batch(store::Store& st);

/// Adds every transaction after `after_seq` (ledger migration 3's txn_fts: its
/// description, payee, memos and tags) to the search index, in one statement:
/// ledger::post's one transaction, or a batch's all.
void index_for_search(store::Store& st, std::int64_t after_seq);

}  // namespace tally::ledger
