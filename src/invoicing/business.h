#pragma once
// The business profile: one row per workspace (FinOpps' organization), read by
// get_business and supplying the defaults of new invoices.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::invoicing {

struct Business {
  bool configured = false;  ///< false until a profile is saved; then the row exists
  std::string name;
  std::optional<std::string> email, phone, website, address, tax_id;
  std::string currency = "USD";
  std::int64_t tax_rate_ppm = 0;
  std::int64_t gratuity_rate_ppm = 0;
  std::int64_t lead_time_days = 0;
  std::int64_t payment_terms_days = 30;
  std::int64_t next_invoice_number = 1001;
  std::optional<std::string> updated_at;
};

/// The saved profile, or the defaults (named after the workspace) when none is.
Business load_business(store::Store& st);
/// Inserts or replaces the workspace's row.
void save_business(store::Store& st, const Business& b);
mcp::json business_json(const Business& b);

}  // namespace tally::invoicing
