#include "app/ledger_write_group.h"

#include <sqlite3.h>

#include <spdlog/spdlog.h>

#include "store/sqlite_error.h"

namespace tally::app {

void LedgerWriteGroup::begin() { db_.exec("BEGIN IMMEDIATE"); }

bool LedgerWriteGroup::commit() {
  // An interrupted or failed statement can make SQLite roll back the whole
  // transaction; then there is nothing left to commit and nothing was kept.
  if (sqlite3_get_autocommit(db_.getHandle()) != 0) {
    spdlog::error("a group of writes was rolled back by SQLite before its commit");
    failure_ = "";
    return false;
  }
  try {
    db_.exec("COMMIT");
    return true;
  } catch (const std::exception& e) {
    spdlog::error("committing a group of writes failed: {}", e.what());
    failure_ = store::describe_error(e);
    sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
}

}  // namespace tally::app
