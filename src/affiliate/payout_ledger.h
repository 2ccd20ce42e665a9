#pragma once
// Payouts reach the books (issue 17): paying a payout from an account posts one
// balanced transaction through ledger::post (Expenses:Affiliate commissions in
// the brand's currency against the paying account) in the same transaction as
// the cascade to paid; unpay_payout posts its reversal. The ledger's own void
// refuses these, so the payout and its posting never disagree.
#include <optional>
#include <string>

#include "affiliate/brand.h"
#include "affiliate/payouts.h"
#include "store/store.h"

namespace tally::affiliate {

inline constexpr const char* kCommissionsAccount = "Expenses:Affiliate commissions";

/// Checks that `account_id` can pay the brand's payouts: an open asset or liability
/// account of the workspace in the brand's currency. Throws mcp::ToolError saying why not.
void require_paying_account(store::Store& st, const Brand& brand, const std::string& account_id);

/// Posts the payout's payment from `account_id`; returns the ledger transaction id.
std::string post_payout(store::Store& st, const Brand& brand, const Payout& payout, const std::string& account_id);

/// Posts the reversal of the payout's payment; returns the reversal's id.
std::string reverse_payout(store::Store& st, const Payout& payout, const std::string& reason);

}  // namespace tally::affiliate
