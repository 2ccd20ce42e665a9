#include "invoicing/toolset.h"

namespace tally::invoicing {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "invoicing";
  set.summary = "small-business books: invoices, payments, expenses, customers";
  set.migrations = [] { return std::vector<store::Migration>{}; };
  set.tools = [](store::Store&) { return std::vector<mcp::ToolSpec>{}; };
  return set;
}

}  // namespace tally::invoicing
