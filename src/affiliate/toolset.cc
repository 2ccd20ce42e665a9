#include "affiliate/toolset.h"

#include "affiliate/commands.h"
#include "affiliate/doctor.h"
#include "affiliate/prompts.h"
#include "affiliate/schema.h"
#include "affiliate/tools.h"

namespace tally::affiliate {

namespace {
template <typename... Groups>
std::vector<mcp::ToolSpec> concat(Groups... groups) {
  std::vector<mcp::ToolSpec> all;
  (all.insert(all.end(), std::make_move_iterator(groups.begin()), std::make_move_iterator(groups.end())), ...);
  return all;
}
}  // namespace

app::Toolset toolset() {
  app::Toolset set;
  set.name = "affiliate";
  set.summary = "affiliate tracking: offers, partners, conversions, fraud, coupons, caps, payouts, audit log";
  set.migrations = migrations;
  // Declaring the tools touches no table: the brand is resolved per call.
  set.tools = [] {
    return concat(stats_tools(), offer_read_tools(), conversion_read_tools(), fraud_read_tools(),
                  partner_read_tools(), offer_write_tools(), partner_write_tools(), fraud_write_tools(),
                  conversion_write_tools());
  };
  set.instructions =
      "Affiliate tools (Trcker) act on one brand, fixed when tally started (--brand). Money is in the brand's "
      "currency; percent payouts are paid half-up on the sale. Every write is audit-logged as mcp:<brand>; a "
      "write that changes nothing says changed:false. rotate_offer_postback_secret shows the new secret once: "
      "give it to the user, never repeat or store it. Conversions come in through postbacks "
      "(`tally affiliate postback`), payouts through `tally affiliate payouts generate`.";
  set.prompts = [] { return prompts(); };
  set.doctor = check_invariants;
  set.commands = add_commands;
  return set;
}

}  // namespace tally::affiliate
