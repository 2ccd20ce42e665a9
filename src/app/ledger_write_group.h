#pragma once
// The ledger's side of group commit (mcp/write_group.h): one SQLite
// transaction around several calls, each a savepoint inside it.
#include <SQLiteCpp/Database.h>

#include "mcp/write_group.h"

namespace tally::app {

class LedgerWriteGroup final : public mcp::WriteGroup {
 public:
  explicit LedgerWriteGroup(SQLite::Database& db) : db_(db) {}
  void begin() override;
  [[nodiscard]] bool commit() override;

 private:
  SQLite::Database& db_;
};

}  // namespace tally::app
