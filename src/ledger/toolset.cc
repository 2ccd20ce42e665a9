#include "ledger/toolset.h"

namespace tally::ledger {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "ledger";
  set.summary = "personal ledger: accounts, people, categories, drafts, splits, lending";
  set.migrations = [] { return std::vector<store::Migration>{}; };
  set.tools = [](store::Store&) { return std::vector<mcp::ToolSpec>{}; };
  return set;
}

}  // namespace tally::ledger
