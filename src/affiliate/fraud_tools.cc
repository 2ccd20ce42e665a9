// get_fraud_summary, get_fraud_settings and set_fraud_settings.
#include <algorithm>
#include "app/call_store.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "affiliate/audit.h"
#include "affiliate/fraud_score.h"
#include "affiliate/partners.h"
#include "affiliate/tool_support.h"
#include "affiliate/tools.h"

namespace tally::affiliate {

namespace {

/// An average as a number with one decimal, rounded half-up from exact integers.
json average_tenths(std::int64_t sum, std::int64_t count) {
  std::int64_t tenths = (sum * 20 + count) / (count * 2);
  return static_cast<double>(tenths) / 10.0;
}

json settings_json(const Brand& b) {
  return {{"mode", b.fraud_mode}, {"threshold", b.fraud_threshold}, {"botdEnabled", b.botd_enabled}};
}

mcp::ToolSpec get_fraud_summary() {
  return {
      .name = "get_fraud_summary",
      .title = "Fraud summary",
      .description =
          "Scored/flagged counts + top-risk partners over the last `days` days (brand time). scored counts "
          "conversions given a fraud score; flagged those whose score reached the threshold when recorded and "
          "were not approved since; atOrAboveThreshold compares every score with today's threshold. Top-risk "
          "partners rank by average score (ties by partner id).",
      .input_schema = s::object_schema({days_field("the summary"),
                                        s::integer("limit").min(1).max(50).def(5).describe("How many top-risk partners")}),
      .output_schema = output_schema(
          {{"period", prop("object", "from, to (brand-local days, inclusive), days")},
           {"mode", prop("string", "The brand's fraud mode")},
           {"threshold", prop("integer", "The brand's threshold (0–100)")},
           {"conversions", prop("integer", "Conversions recorded in the window")},
           {"scored", prop("integer", "Of those, how many have a fraud score")},
           {"flagged", prop("integer", "Still flagged (approval clears the flag)")},
           {"atOrAboveThreshold", prop("integer", "Scores at or above the current threshold")},
           {"byReason", prop("object", "How often each rule fired")},
           {"topRiskPartners", array_prop("partnerId, name, status, conversions, averageScore, maxScore, flagged")}}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        Period period = last_days(st, brand, a.integer("days"));
        SQLite::Statement totals(st.db,
                                 "SELECT count(*), count(fraud_score), coalesce(sum(fraud_flagged), 0), "
                                 "coalesce(sum(fraud_score >= ?), 0) FROM tr_conversion "
                                 "WHERE brand_id = ? AND day BETWEEN ? AND ?");
        totals.bind(1, brand.fraud_threshold);
        totals.bind(2, brand.id);
        totals.bind(3, period.from);
        totals.bind(4, period.to);
        totals.executeStep();
        SQLite::Statement reasons(st.db,
                                  "SELECT r.value, count(*) FROM tr_conversion c, json_each(c.fraud_reasons) r "
                                  "WHERE c.brand_id = ? AND c.day BETWEEN ? AND ? GROUP BY r.value ORDER BY r.value");
        reasons.bind(1, brand.id);
        reasons.bind(2, period.from);
        reasons.bind(3, period.to);
        json by_reason = json::object();
        while (reasons.executeStep()) by_reason[reasons.getColumn(0).getString()] = reasons.getColumn(1).getInt64();

        struct Risk {
          std::string partner_id;
          std::int64_t count, sum, max, flagged;
        };
        std::vector<Risk> risks;
        SQLite::Statement q(st.db,
                            "SELECT partner_id, count(*), sum(fraud_score), max(fraud_score), sum(fraud_flagged) "
                            "FROM tr_conversion WHERE brand_id = ? AND day BETWEEN ? AND ? AND fraud_score IS NOT NULL "
                            "GROUP BY partner_id");
        q.bind(1, brand.id);
        q.bind(2, period.from);
        q.bind(3, period.to);
        while (q.executeStep())
          risks.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                           q.getColumn(3).getInt64(), q.getColumn(4).getInt64()});
        std::sort(risks.begin(), risks.end(), [](const Risk& x, const Risk& y) {
          __int128 l = static_cast<__int128>(x.sum) * y.count, r = static_cast<__int128>(y.sum) * x.count;
          if (l != r) return l > r;
          return x.partner_id < y.partner_id;
        });
        json top = json::array();
        for (std::size_t i = 0; i < risks.size() && i < static_cast<std::size_t>(a.integer("limit")); ++i) {
          const Risk& r = risks[i];
          Partner p = *find_partner(st, brand, r.partner_id);
          top.push_back({{"partnerId", p.id},
                         {"name", p.name},
                         {"status", p.status},
                         {"conversions", r.count},
                         {"averageScore", average_tenths(r.sum, r.count)},
                         {"maxScore", r.max},
                         {"flagged", r.flagged}});
        }
        return mcp::ToolResult::of({{"period", period.to_json()},
                                    {"mode", brand.fraud_mode},
                                    {"threshold", brand.fraud_threshold},
                                    {"conversions", totals.getColumn(0).getInt64()},
                                    {"scored", totals.getColumn(1).getInt64()},
                                    {"flagged", totals.getColumn(2).getInt64()},
                                    {"atOrAboveThreshold", totals.getColumn(3).getInt64()},
                                    {"byReason", by_reason},
                                    {"topRiskPartners", top}});
      }};
}

const char* kModes =
    "off: conversions are not scored; monitor: scored and flagged, status unchanged; review: flagged ones go to "
    "pending_review; reject: flagged ones are rejected.";

mcp::ToolSpec get_fraud_settings() {
  return {.name = "get_fraud_settings",
          .title = "Fraud settings",
          .description = "Current brand fraud mode / threshold / BotD toggle, with the deterministic scoring rules.",
          .input_schema = s::object_schema({}),
          .output_schema = output_schema(
              {{"mode", prop("string", "off, monitor, review or reject")},
               {"threshold", prop("integer", "A conversion is flagged when its score reaches this (0–100)")},
               {"botdEnabled", prop("boolean", "The BotD toggle (stored; bot detection is a hosted feature)")},
               {"modes", prop("string", "What each mode does")},
               {"rules", array_prop("The scoring rules: rule, points, meaning (scores are capped at 100)")}}),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            json out = settings_json(brand);
            out["modes"] = kModes;
            out["rules"] = fraud_rules_json();
            return mcp::ToolResult::of(out);
          }};
}

mcp::ToolSpec set_fraud_settings() {
  return {.name = "set_fraud_settings",
          .title = "Set fraud settings",
          .description = std::string("Adjust brand fraud mode / threshold / BotD toggle; omitted fields stay. ") + kModes +
                         " Applies to conversions recorded from now on.",
          .input_schema = s::object_schema(
              {s::enumeration("mode", {"off", "monitor", "review", "reject"}).describe("What happens to flagged conversions"),
               s::integer("threshold").min(0).max(100).describe("Flag at this score or above"),
               s::boolean("botdEnabled").describe("The BotD toggle")}),
          .output_schema = output_schema({{"settings", prop("object", "mode, threshold, botdEnabled after the call")},
                                          {"changed", prop("boolean", "False when they already were so")}}),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            store::Transaction tx(st.db);
            Brand brand = resolve_brand(st);
            json before = settings_json(brand);
            Brand next = brand;
            if (auto m = a.opt_str("mode")) next.fraud_mode = *m;
            if (auto t = a.opt_int("threshold")) next.fraud_threshold = static_cast<int>(*t);
            if (a.has("botdEnabled")) next.botd_enabled = a.boolean("botdEnabled");
            json after = settings_json(next);
            if (after == before) return mcp::ToolResult::of({{"settings", before}, {"changed", false}});
            SQLite::Statement q(st.db,
                                "UPDATE tr_brand SET fraud_mode = ?, fraud_threshold = ?, botd_enabled = ? WHERE id = ? AND ws = ?");
            q.bind(1, next.fraud_mode);
            q.bind(2, next.fraud_threshold);
            q.bind(3, next.botd_enabled ? 1 : 0);
            q.bind(4, brand.id);
            q.bind(5, st.workspace_id);
            q.exec();
            record_audit(st, brand, mcp_actor(brand, ctx), {"set_fraud_settings", "brand", brand.id, before, after, std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of({{"settings", after}, {"changed", true}});
          }};
}

}  // namespace

std::vector<mcp::ToolSpec> fraud_read_tools() { return {get_fraud_summary(), get_fraud_settings()}; }
std::vector<mcp::ToolSpec> fraud_write_tools() { return {set_fraud_settings()}; }

}  // namespace tally::affiliate
