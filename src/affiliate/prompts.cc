#include "affiliate/prompts.h"

namespace tally::affiliate {

namespace {

mcp::json fraud_review(const mcp::json& a, bool read_only) {
  std::string days =
      a.contains("days") && a["days"].is_string() ? a["days"].get<std::string>() : "30";
  return mcp::user_text_prompt(
      "Affiliate fraud review",
      "Review affiliate fraud over the last " + days +
          " days.\n"
          "1. get_fraud_summary {days: " +
          days +
          "}: flagged conversions and the top-risk partners.\n"
          "2. get_partner_stats for each top-risk partner: clicks, conversion rate, "
          "reversals.\n"
          "3. list_pending_conversions {partnerId}: what is waiting for review.\n"
          "Show the evidence per partner. " +
          (read_only ? std::string("Say which conversions you would approve or reject "
                                   "and which partners you would pause; this "
                                   "connection reads only, so change nothing.")
                     : std::string("Suggest approve_conversion, reject_conversion or "
                                   "pause_partner, but call them only after I "
                                   "confirm each one.")));
}

}  // namespace

std::vector<mcp::PromptSpec> prompts() {
  return {
      {.name = "affiliate_fraud_review",
       .title = "Affiliate fraud review",
       .description = "Partners and conversions that look like fraud, with the evidence",
       .arguments = {{.name = "days", .description = "window in days; default 30"}},
       .handler = [](const mcp::json& a, mcp::CallContext&) { return fraud_review(a, false); },
       // It suggests approving, rejecting and pausing; a read-only caller gets the review alone.
       .writes = true,
       .read_only_handler = [](const mcp::json& a,
                               mcp::CallContext&) { return fraud_review(a, true); }}};
}

}  // namespace tally::affiliate
