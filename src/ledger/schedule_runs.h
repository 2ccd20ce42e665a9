#pragma once
// Creating what came due (issue 20, "When occurrences are created"): every
// Tally process that serves or runs tools calls this on its writer before it
// answers, and a server again on a timer. Each occurrence is one SQLite
// transaction: its row (unique per schedule and day), its draft (or posted
// transaction) and the schedule's cursor, so two processes racing create it
// once. A process with nothing due only reads.
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "store/clock.h"
#include "store/ids.h"
#include "store/store.h"

namespace tally::ledger {

/// At most this many occurrences of one schedule are created by one catch-up;
/// the rest are reported and wait for the next.
inline constexpr std::size_t kMaxCatchUp = 12;

/// Creates the due occurrences of the workspace's schedules (dated on or before
/// its today, in its time zone); returns one line per occurrence and per
/// schedule with more waiting, for the log.
std::vector<std::string> create_due(store::Store& st);

/// create_due for every workspace of the ledger with a schedule.
std::vector<std::string> create_due_everywhere(SQLite::Database& db, const store::Clock& clock,
                                               store::IdSource& ids);

}  // namespace tally::ledger
