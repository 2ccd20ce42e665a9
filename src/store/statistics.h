#pragma once
// The query planner's statistics (sqlite_stat1) for a ledger grown by tool
// calls alone, which no migration or import ever analysed: without them a word
// search walks every transaction.
#include <string>

#include <SQLiteCpp/Database.h>

namespace tally::store {

/// Called when a server closes its writing connection (never on the per-call
/// path, never at start-up). A ledger with at least 1,000 postings and no
/// statistics gets a sampled ANALYZE (analysis_limit 1000: well under a second
/// at a million rows); one that has them gets `PRAGMA optimize`, which
/// re-analyses what grew. A small ledger is left alone: statistics of nearly
/// empty tables misled the planner (an import ran 20× slower). Returns an
/// error (a busy ledger) instead of throwing: the statistics can wait.
std::string refresh_statistics(SQLite::Database& db);

}  // namespace tally::store
