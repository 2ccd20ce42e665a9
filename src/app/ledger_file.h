#pragma once
// The one way a command opens a ledger to write to it: the file opened and
// migrated to every module's schema (core, each toolset's, the import tables),
// with the clock and ids the writes use. A seeded run (TALLY_SEED) claims its
// own id stream here, so two reproducible processes never mint the same ids
// (issue 22), whichever command they run.
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "app/toolset.h"
#include "store/clock.h"
#include "store/ids.h"

namespace tally::app {

struct LedgerFile {
  std::unique_ptr<store::Clock> clock;
  std::unique_ptr<store::IdSource> ids;
  std::unique_ptr<SQLite::Database> db;
  std::string backup_path;  ///< the copy taken before migrating an existing ledger, if any
};

/// Every module's migrations: core, each shipped toolset's, `extra` toolsets' (the
/// test toolset), and the import tables' — whatever a command serves, the file gets
/// one schema, so a later `tally import` never has to back up the ledger to migrate.
std::vector<store::Migration> all_migrations(const std::vector<Toolset>& extra = {});

/// Opens (creating when needed) and migrates the ledger at `path`, then claims
/// the process's id stream. Throws std::runtime_error with a message for the user.
LedgerFile open_ledger(const std::string& path, const std::vector<Toolset>& extra = {});

}  // namespace tally::app
