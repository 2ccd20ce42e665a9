#include "rewards/toolset.h"

namespace tally::rewards {

app::Toolset toolset() {
  app::Toolset set;
  set.name = "rewards";
  set.summary = "card rewards: cards, points and cashback, perks, offers, recommendations";
  set.migrations = [] { return std::vector<store::Migration>{}; };
  set.tools = [](store::Store&) { return std::vector<mcp::ToolSpec>{}; };
  return set;
}

}  // namespace tally::rewards
