#pragma once
// Partners (publishers) of a brand, always looked up within the brand.
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct Partner {
  std::string id;
  std::string name;
  std::optional<std::string> email;
  std::string status;  ///< pending, active, paused, rejected
  std::string created_at;
};

std::optional<Partner> find_partner(store::Store& st, const Brand& brand, const std::string& partner_id);
/// Throws mcp::ToolError("Partner not found.").
Partner require_partner(store::Store& st, const Brand& brand, const std::string& partner_id);
mcp::json partner_json(const Partner& p);

/// Inserts a partner (CLI ingest); returns it.
Partner add_partner(store::Store& st, const Brand& brand, const std::string& name,
                    const std::optional<std::string>& email, const std::string& status);

}  // namespace tally::affiliate
