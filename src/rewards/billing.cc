#include "rewards/billing.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"
#include "store/clock.h"

namespace tally::rewards {

using mcp::json;

Billing load_billing(store::Store& st) {
  store::Prepared q = st.prepared("SELECT status, plan, trial_end, current_period_end, cancel_at_period_end "
                      "FROM billing WHERE workspace_id = ?");
  q.bind(1, st.workspace_id);
  Billing b;
  if (!q.executeStep()) return b;
  b.status = q.getColumn(0).getString();
  b.plan = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) b.trial_end = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) b.current_period_end = q.getColumn(3).getString();
  b.cancel_at_period_end = q.getColumn(4).getInt() != 0;
  b.stored = true;
  return b;
}

void save_billing(store::Store& st, const Billing& b) {
  store::Prepared q = st.prepared(R"sql(
INSERT INTO billing (workspace_id, status, plan, trial_end, current_period_end, cancel_at_period_end,
                     updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (workspace_id) DO UPDATE SET status = excluded.status, plan = excluded.plan,
  trial_end = excluded.trial_end, current_period_end = excluded.current_period_end,
  cancel_at_period_end = excluded.cancel_at_period_end, updated_at = excluded.updated_at)sql");
  q.bind(1, st.workspace_id);
  q.bind(2, b.status);
  q.bind(3, b.plan);
  if (b.trial_end) q.bind(4, *b.trial_end);
  if (b.current_period_end) q.bind(5, *b.current_period_end);
  q.bind(6, b.cancel_at_period_end ? 1 : 0);
  q.bind(7, st.clock.now_iso());
  q.exec();
}

namespace {
bool passed(const std::optional<std::string>& instant, std::int64_t now_ms) {
  std::int64_t ms;
  return instant && store::parse_iso_ms(*instant, ms) && now_ms >= ms;
}
}  // namespace

std::string effective_status(const Billing& b, std::int64_t now_ms) {
  if (b.status == "trialing" && passed(b.trial_end, now_ms)) return "expired";
  if (b.cancel_at_period_end && b.status != "trialing" && passed(b.current_period_end, now_ms))
    return "expired";
  return b.status;
}

void require_paid_or_trial(store::Store& st) {
  if (effective_status(load_billing(st), st.clock.now_ms()) == "expired")
    throw mcp::ToolError(kTrialEnded);
}

json billing_json(const Billing& b, std::int64_t now_ms) {
  std::string status = effective_status(b, now_ms);
  return json{{"status", status},
              {"plan", b.plan},
              {"trialEnd", b.trial_end ? json(*b.trial_end) : json(nullptr)},
              {"currentPeriodEnd", b.current_period_end ? json(*b.current_period_end) : json(nullptr)},
              {"cancelAtPeriodEnd", b.cancel_at_period_end},
              {"writesAllowed", status != "expired"}};
}

json billing_schema() {
  json instant = {{"type", {"string", "null"}}, {"format", "date-time"}};
  return json{
      {"type", "object"},
      {"properties",
       {{"status",
         {{"type", "string"},
          {"enum", {"trialing", "active", "past_due", "expired"}},
          {"description", "Effective state: a trial past trialEnd reads as expired"}}},
        {"plan", {{"type", "string"}}},
        {"trialEnd", instant},
        {"currentPeriodEnd", instant},
        {"cancelAtPeriodEnd", {{"type", "boolean"}}},
        {"writesAllowed",
         {{"type", "boolean"},
          {"description", "false when the paywall blocks write tools and recommendations"}}}}},
      {"required", {"status", "plan", "trialEnd", "cancelAtPeriodEnd", "writesAllowed"}}};
}

std::optional<std::string> normalize_instant(const std::string& text) {
  std::int64_t ms;
  if (!store::parse_iso_ms(text, ms)) return std::nullopt;
  return store::format_iso_ms(ms);
}

}  // namespace tally::rewards
