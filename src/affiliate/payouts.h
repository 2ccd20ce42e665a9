#pragma once
// Payouts: a partner's approved, unpaid conversions up to a day, linked into one
// payout whose amount is their sum (`tally affiliate payouts generate`), later
// marked paid by mark_payout_paid, which cascades to those conversions.
#include <optional>
#include <string>

#include "affiliate/audit.h"
#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

struct Payout {
  std::string id;
  std::string partner_id;
  std::int64_t amount_minor = 0;
  std::string through_day;
  std::string status;  ///< pending or paid
  std::optional<std::string> method, reference, notes, paid_at;
  std::string created_at;
  std::optional<std::string> ledger_txn_id;  ///< the ledger transaction that paid it, when posted
};

std::optional<Payout> find_payout(store::Store& st, const Brand& brand, const std::string& id);
/// The linked conversions by status, e.g. {"approved": 3}.
mcp::json payout_json(store::Store& st, const Payout& p, const Brand& brand);

/// Moves the payout's conversions in status `from` to `to` (approved → paid when it is
/// paid, paid → approved when that is undone); returns how many moved.
int move_payout_conversions(store::Store& st, const Brand& brand, const std::string& payout_id,
                            const char* from, const char* to);

/// Links the partner's approved, unlinked conversions with day ≤ `through_day` into a
/// new pending payout (amount = Σ payout), audited as `actor`, in one transaction.
/// Throws mcp::ToolError when there is nothing to pay.
mcp::json generate_payout(store::Store& st, const Brand& brand, const std::string& partner_id,
                          const std::string& through_day, const Actor& actor);

}  // namespace tally::affiliate
