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
  [[nodiscard]] std::string failure() const override { return failure_; }

 private:
  SQLite::Database& db_;
  std::string failure_;
};

}  // namespace tally::app
