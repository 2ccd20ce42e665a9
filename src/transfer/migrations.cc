#include "transfer/migrations.h"

namespace tally::transfer {

// import_seen: one row per imported statement line, keyed by the account and
// its import id (the bank's FITID/id, else a fingerprint with an occurrence
// counter, domain.md §3), so a re-import adds nothing. The ledger's posting
// table stays as the ledger module owns it.
// import_source_id: an entity file's `id` → the Tally id it became, so later
// rows and files can refer to the source system's ids.
std::vector<store::Migration> migrations() {
  return {{"transfer", 1, R"sql(
CREATE TABLE import_seen (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  account_id TEXT NOT NULL,
  import_id TEXT NOT NULL,
  txn_id TEXT NOT NULL,
  PRIMARY KEY (account_id, import_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE import_source_id (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  entity TEXT NOT NULL,
  source_id TEXT NOT NULL,
  tally_id TEXT NOT NULL,
  PRIMARY KEY (ws, entity, source_id)
) STRICT, WITHOUT ROWID;
)sql"}};
}

}  // namespace tally::transfer
