// get_billing_status and rewards_set_billing.
#include "store/transaction.h"
#include "app/call_store.h"

#include "mcp/schema.h"
#include "rewards/billing.h"
#include "rewards/tools.h"

namespace tally::rewards {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

mcp::ToolSpec get_billing_status_tool() {
  return {.name = "get_billing_status",
          .title = "Billing status",
          .description =
              "Returns the user's subscription state: trialing, active, past_due, or expired, plus "
              "the plan, trial end, and any scheduled cancel-at-period-end. Locally the default is "
              "active on plan `local`.",
          .input_schema = s::object_schema({}),
          .output_schema = billing_schema(),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            return ToolResult::of(billing_json(load_billing(st), st.clock.now_ms()));
          }};
}

mcp::ToolSpec set_billing_tool() {
  json instant = {{"type", {"string", "null"}},
                  {"maxLength", 40},
                  {"description", "A date (midnight UTC) or ISO date-time; null clears it"}};
  return {.name = "rewards_set_billing",
          .title = "Set billing state",
          .description =
              "Sets the workspace's billing state (what the hosted app's billing page does). A "
              "trial past trialEnd, or a subscription set to cancel past currentPeriodEnd, counts "
              "as expired: then write tools and recommendations answer \"Trial ended. Please "
              "choose a plan to continue.\" while read tools keep working. Fields not given keep "
              "their values.",
          .input_schema = s::object_schema({
              s::enumeration("status", {"trialing", "active", "past_due", "expired"}).required(),
              s::string("plan").min_length(1).max_length(40).describe("Plan name; defaults to the current one (local)"),
              s::Field("trialEnd", instant),
              s::Field("currentPeriodEnd", instant),
              s::boolean("cancelAtPeriodEnd"),
          }),
          .output_schema = billing_schema(),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            store::Transaction tx(st.db);
            Billing b = load_billing(st);
            b.status = a.str("status");
            if (auto plan = a.opt_str("plan")) b.plan = *plan;
            for (auto [key, field] : {std::pair{"trialEnd", &b.trial_end},
                                      std::pair{"currentPeriodEnd", &b.current_period_end}}) {
              if (!a.present(key)) continue;
              if (!a.has(key)) {
                field->reset();
                continue;
              }
              auto instant_text = normalize_instant(a.str(key));
              if (!instant_text)
                throw ToolError(std::string(key) + ": \"" + a.str(key) +
                                "\" is not a date (YYYY-MM-DD) or ISO 8601 date-time");
              *field = *instant_text;
            }
            if (a.present("cancelAtPeriodEnd")) b.cancel_at_period_end = a.boolean("cancelAtPeriodEnd");
            save_billing(st, b);
            ctx.check_cancelled();
            tx.commit();
            return ToolResult::of(billing_json(load_billing(st), st.clock.now_ms()));
          }};
}

}  // namespace tally::rewards
