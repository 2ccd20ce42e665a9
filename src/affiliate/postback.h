#pragma once
// The ingest side: clicks, and the inbound postback an advertiser fires when a
// sale happens (domain.md §2 Trcker, "postback scheme"):
//
//   {base}/{brand-slug}/{offerId}?click_id=…&txn_id=…&amount=…&event=…&coupon_code=…&sig=…
//
// `sig` is the hex HMAC-SHA256, keyed with the offer's current secret (the 64 hex
// characters rotate_offer_postback_secret returned), of the query string without
// `sig`: its name=value pairs sorted by name, exactly as received (still
// percent-encoded), joined with '&'. An advertiser that cannot sign may send
// `secret=<value>` instead. Both are compared in constant time, and neither the
// secret nor the signature is ever printed or logged.
#include <cstdint>
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct ClickRequest {
  std::string offer_id;
  std::string partner_id;
  std::optional<std::string> click_id;  ///< generated (clk_…) when absent
  std::optional<std::string> ip;
  std::int64_t at_ms = 0;
  // What the HTTP click handler saw (issue 17); absent from the CLI stand-in.
  std::optional<std::string> client_click_id;  ///< the caller's own id, kept beside Tally's
  std::optional<std::string> user_agent;
  std::optional<std::string> device;   ///< desktop, mobile or tablet
  std::optional<std::string> country;  ///< ISO 3166 alpha-2, from a trusted proxy's header
  mcp::json subs = nullptr;            ///< {"sub1": …} or null
};

/// A click as the CLI stand-in, imports and the demo record it: no HTTP details.
inline ClickRequest click_request(std::string offer_id, std::string partner_id, std::optional<std::string> click_id,
                                  std::optional<std::string> ip, std::int64_t at_ms) {
  ClickRequest c;
  c.offer_id = std::move(offer_id);
  c.partner_id = std::move(partner_id);
  c.click_id = std::move(click_id);
  c.ip = std::move(ip);
  c.at_ms = at_ms;
  return c;
}

/// Records one click in its own transaction. Throws mcp::ToolError when the offer is
/// paused or the partner is not active ("Offer is paused; it refuses new clicks.").
mcp::json record_click(store::Store& st, const Brand& brand, const ClickRequest& click);

struct PostbackRequest {
  std::string url;
  std::optional<std::string> ip;  ///< the sender's address, checked against allowed IPs
  std::int64_t at_ms = 0;
};

/// Verifies and records one postback in its own transaction; returns the
/// conversion with how it was attributed. A repeat of a txn_id on the same offer
/// returns the existing conversion with duplicate:true and changes nothing.
/// Throws mcp::ToolError ("postback refused: …") and records nothing otherwise.
mcp::json accept_postback(store::Store& st, const PostbackRequest& request);

}  // namespace tally::affiliate
