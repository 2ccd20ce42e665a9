#pragma once
// Billing state and the trial paywall (seed 001: "Trial ended. Please choose a
// plan to continue." — read tools still work; write tools and recommendations
// are gated). Locally a workspace with no billing row is `active` on plan
// `local`; the CLI and rewards_set_billing set other states.
#include <optional>
#include <string>

#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::rewards {

inline constexpr const char* kTrialEnded = "Trial ended. Please choose a plan to continue.";

struct Billing {
  std::string status = "active";  ///< as stored: trialing, active, past_due, expired
  std::string plan = "local";
  std::optional<std::string> trial_end;           ///< ISO date-time (UTC, ms)
  std::optional<std::string> current_period_end;  ///< ISO date-time (UTC, ms)
  bool cancel_at_period_end = false;
  bool stored = false;  ///< false: the local default, no row yet
};

Billing load_billing(store::Store& st);
void save_billing(store::Store& st, const Billing& billing);

/// `expired` once a trial passes trial_end, or a subscription set to cancel
/// passes current_period_end; otherwise the stored status.
std::string effective_status(const Billing& billing, std::int64_t now_ms);

/// Throws ToolError(kTrialEnded) when the effective status is expired.
void require_paid_or_trial(store::Store& st);

/// get_billing_status's result and its schema.
mcp::json billing_json(const Billing& billing, std::int64_t now_ms);
mcp::json billing_schema();

/// Normalizes a date ("2026-01-01", read as 00:00 UTC) or date-time to ISO UTC
/// with milliseconds; nullopt when it is neither.
std::optional<std::string> normalize_instant(const std::string& text);

}  // namespace tally::rewards
