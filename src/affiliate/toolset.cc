#include "affiliate/toolset.h"

namespace tally::affiliate {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "affiliate";
  set.summary = "affiliate tracking: offers, partners, conversions, fraud, payouts";
  set.migrations = [] { return std::vector<store::Migration>{}; };
  set.tools = [](store::Store&) { return std::vector<mcp::ToolSpec>{}; };
  return set;
}

}  // namespace tally::affiliate
