#pragma once
// The audit log: one append-only row per effective write, inserted in the
// write's own transaction (domain.md §2 Trcker). A no-op writes no row.
// Never pass a secret in `before`, `after` or `reason`.
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::affiliate {

struct Actor {
  std::string name;    ///< mcp:<brand-slug> or cli:<user>
  std::string client;  ///< MCP clientInfo as JSON (the stdio stand-in for IP and user agent)
};

/// `mcp:<slug>` with the caller's clientInfo.
Actor mcp_actor(const Brand& brand, const mcp::CallContext& ctx);
/// `cli:<$USER>` (or cli:local) for the ingest commands.
Actor cli_actor();

struct AuditEntry {
  std::string tool;
  std::string target_type;  ///< offer, partner, conversion, payout, coupon, brand
  std::string target_id;
  mcp::json before = nullptr;
  mcp::json after = nullptr;
  std::optional<std::string> reason;
};

/// Appends the entry; the caller holds the write's transaction.
void record_audit(store::Store& st, const Brand& brand, const Actor& actor, const AuditEntry& entry);

/// The brand's audit rows, oldest first (for `tally affiliate audit`).
mcp::json audit_rows(store::Store& st, const Brand& brand);

}  // namespace tally::affiliate
