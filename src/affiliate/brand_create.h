#pragma once
// Creating a brand: `tally affiliate brand create` and `tally demo`.
#include <string>

#include "affiliate/audit.h"
#include "affiliate/brand.h"
#include "mcp/json_rpc.h"

namespace tally::affiliate {

struct NewBrand {
  std::string slug, name;  ///< name "" = the slug
  std::string currency = "USD", timezone = "UTC", postback_base = kDefaultPostbackBase;
};

/// Validates and inserts the brand in the store's workspace, audited as `actor`,
/// in one transaction. Throws mcp::ToolError naming the bad field, or when the
/// slug is taken.
Brand create_brand(store::Store& st, const NewBrand& spec, const Actor& actor);

/// What `tally affiliate brand set` changes; an absent field stays as it is.
struct BrandSettings {
  std::optional<std::string> click_base;      ///< absolute http(s) URL; "" = the postback base's origin
  std::optional<std::string> payout_account;  ///< acc_… that pays payouts by default; "" = none
};

/// Changes the brand's settings, audited as `actor`, in one transaction.
Brand set_brand(store::Store& st, const Brand& brand, const BrandSettings& settings, const Actor& actor);

/// The brand as the CLI prints it.
mcp::json brand_json(const Brand& b);

}  // namespace tally::affiliate
