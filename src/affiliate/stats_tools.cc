// get_partner_stats, get_offer_stats and get_top_publishers: sums over the
// brand-local days of a window. Revenue is the sale amount of every conversion
// not rejected; profit = revenue − payout; EPC = revenue ÷ clicks (half-up, minor
// units); CVR = conversions ÷ clicks as a percent with 2 decimals (half-up).
#include <algorithm>
#include "app/call_store.h"
#include <map>

#include <SQLiteCpp/Statement.h>

#include "affiliate/offers.h"
#include "affiliate/partners.h"
#include "affiliate/text.h"
#include "affiliate/tool_support.h"
#include "affiliate/tools.h"
#include "store/money.h"

namespace tally::affiliate {

namespace {

struct Totals {
  std::int64_t clicks = 0;
  std::int64_t conversions = 0;
  std::int64_t revenue = 0;
  std::int64_t payout = 0;
};

/// Totals per partner (or per offer) over the period; `only` restricts to one id.
std::map<std::string, Totals> totals_by(store::Store& st, const Brand& brand, const Period& period,
                                        const std::string& key, const std::optional<std::string>& only) {
  std::map<std::string, Totals> out;
  std::string filter = only ? " AND " + key + " = ?" : "";
  SQLite::Statement clicks(st.db, "SELECT " + key + ", sum(clicks) FROM tr_click_daily WHERE brand_id = ? AND day "
                                  "BETWEEN ? AND ?" + filter + " GROUP BY " + key);
  clicks.bind(1, brand.id);
  clicks.bind(2, period.from);
  clicks.bind(3, period.to);
  if (only) clicks.bind(4, *only);
  while (clicks.executeStep()) out[clicks.getColumn(0).getString()].clicks = clicks.getColumn(1).getInt64();
  SQLite::Statement conv(st.db, "SELECT " + key + ", count(*), sum(sale_minor), sum(payout_minor) FROM tr_conversion "
                                "WHERE brand_id = ? AND day BETWEEN ? AND ? AND status <> 'rejected'" + filter +
                                " GROUP BY " + key);
  conv.bind(1, brand.id);
  conv.bind(2, period.from);
  conv.bind(3, period.to);
  if (only) conv.bind(4, *only);
  while (conv.executeStep()) {
    Totals& t = out[conv.getColumn(0).getString()];
    t.conversions = conv.getColumn(1).getInt64();
    t.revenue = conv.getColumn(2).getInt64();
    t.payout = conv.getColumn(3).getInt64();
  }
  return out;
}

std::int64_t div_half_up(std::int64_t a, std::int64_t b) {
  __int128 num = static_cast<__int128>(a) * 2 + (a >= 0 ? b : -b);
  return static_cast<std::int64_t>(num / (static_cast<__int128>(b) * 2));
}

json totals_json(const Totals& t, const Brand& brand) {
  return {{"clicks", t.clicks},
          {"conversions", t.conversions},
          {"revenue", store::money_json(t.revenue, brand.currency)},
          {"payout", store::money_json(t.payout, brand.currency)},
          {"profit", store::money_json(t.revenue - t.payout, brand.currency)},
          {"epc", t.clicks > 0 ? store::money_json(div_half_up(t.revenue, t.clicks), brand.currency) : json(nullptr)},
          {"cvrPercent", t.clicks > 0 ? json(percent_text(t.conversions, t.clicks)) : json(nullptr)}};
}

json partner_row(const Partner& p, const Totals& t, const Brand& brand) {
  json row = totals_json(t, brand);
  row["partnerId"] = p.id;
  row["name"] = p.name;
  row["status"] = p.status;
  return row;
}

std::vector<Partner> brand_partners(store::Store& st, const Brand& brand) {
  SQLite::Statement q(st.db, "SELECT id, name, email, status, created_at FROM tr_partner WHERE brand_id = ? ORDER BY id");
  q.bind(1, brand.id);
  std::vector<Partner> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), std::nullopt, q.getColumn(3).getString(),
                   q.getColumn(4).getString()});
  return out;
}

const json kPeriod = {{"type", "object"}, {"description", "The window: from and to (brand-local days, inclusive) and days"}};

mcp::ToolSpec get_partner_stats() {
  return {
      .name = "get_partner_stats",
      .title = "Partner stats",
      .description =
          "Performance by partner over the last `days` days (brand time): clicks, conversions, revenue, payout, "
          "profit = revenue − payout, EPC = revenue per click, CVR = conversions per click. Rejected conversions "
          "are left out. Without partnerId, every partner of the brand, by id.",
      .input_schema = s::object_schema({s::string("partnerId").describe("One partner (ptn_…); omit for all"),
                                        days_field("the stats"),
                                        s::integer("limit").min(1).max(500).def(100).describe("Partners per answer")}),
      .output_schema = output_schema({{"period", kPeriod},
                                      {"currency", prop("string", "The brand's currency")},
                                      {"partners", array_prop("One row per partner: partnerId, name, status, clicks, conversions, revenue, payout, profit, epc, cvrPercent")},
                                      {"truncated", prop("boolean", "True when more partners exist than `limit`")}}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        Period period = last_days(st, brand, a.integer("days"));
        auto only = a.opt_str("partnerId");
        std::vector<Partner> partners;
        if (only) partners.push_back(require_partner(st, brand, *only));
        else partners = brand_partners(st, brand);
        auto totals = totals_by(st, brand, period, "partner_id", only);
        json rows = json::array();
        auto limit = static_cast<std::size_t>(a.integer("limit"));
        for (std::size_t i = 0; i < partners.size() && i < limit; ++i)
          rows.push_back(partner_row(partners[i], totals[partners[i].id], brand));
        return mcp::ToolResult::of({{"period", period.to_json()},
                                    {"currency", std::string(brand.currency.code)},
                                    {"partners", rows},
                                    {"truncated", partners.size() > limit}});
      }};
}

mcp::ToolSpec get_offer_stats() {
  return {
      .name = "get_offer_stats",
      .title = "Offer stats",
      .description =
          "Performance by offer over the last `days` days (brand time), with pending/approved/paid breakdowns: "
          "clicks, and per status the count, revenue (sales) and payout of the conversions recorded in the window.",
      .input_schema = s::object_schema({s::string("offerId").describe("One offer (off_…); omit for all"),
                                        days_field("the stats"),
                                        s::integer("limit").min(1).max(500).def(100).describe("Offers per answer")}),
      .output_schema = output_schema({{"period", kPeriod},
                                      {"currency", prop("string", "The brand's currency")},
                                      {"offers", array_prop("One row per offer: offerId, name, status, clicks, conversions, and byStatus {pending, pending_review, approved, paid, rejected} each {count, revenue, payout}")},
                                      {"truncated", prop("boolean", "True when more offers exist than `limit`")}}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        Period period = last_days(st, brand, a.integer("days"));
        auto only = a.opt_str("offerId");
        std::vector<Offer> offers;
        if (only) {
          offers.push_back(require_offer(st, brand, *only));
        } else {
          SQLite::Statement q(st.db, "SELECT id FROM tr_offer WHERE brand_id = ? ORDER BY id LIMIT ?");
          q.bind(1, brand.id);
          q.bind(2, a.integer("limit") + 1);
          while (q.executeStep()) offers.push_back(*find_offer(st, brand, q.getColumn(0).getString()));
        }
        auto limit = static_cast<std::size_t>(a.integer("limit"));
        bool truncated = offers.size() > limit;
        if (truncated) offers.resize(limit);
        auto totals = totals_by(st, brand, period, "offer_id", only);
        std::string filter = only ? " AND offer_id = ?" : "";
        SQLite::Statement q(st.db, "SELECT offer_id, status, count(*), sum(sale_minor), sum(payout_minor) FROM "
                                   "tr_conversion WHERE brand_id = ? AND day BETWEEN ? AND ?" + filter +
                                   " GROUP BY offer_id, status");
        q.bind(1, brand.id);
        q.bind(2, period.from);
        q.bind(3, period.to);
        if (only) q.bind(4, *only);
        std::map<std::string, json> by_status;
        while (q.executeStep())
          by_status[q.getColumn(0).getString()][q.getColumn(1).getString()] = {
              {"count", q.getColumn(2).getInt64()},
              {"revenue", store::money_json(q.getColumn(3).getInt64(), brand.currency)},
              {"payout", store::money_json(q.getColumn(4).getInt64(), brand.currency)}};
        json rows = json::array();
        for (const auto& o : offers) {
          json statuses = json::object();
          for (const char* status : {"pending", "pending_review", "approved", "paid", "rejected"}) {
            json& known = by_status[o.id];
            statuses[status] = known.contains(status)
                                   ? known[status]
                                   : json{{"count", 0},
                                          {"revenue", store::money_json(0, brand.currency)},
                                          {"payout", store::money_json(0, brand.currency)}};
          }
          const Totals& t = totals[o.id];
          rows.push_back({{"offerId", o.id},
                          {"name", o.name},
                          {"status", o.status},
                          {"clicks", t.clicks},
                          {"conversions", t.conversions},
                          {"byStatus", statuses}});
        }
        return mcp::ToolResult::of({{"period", period.to_json()},
                                    {"currency", std::string(brand.currency.code)},
                                    {"offers", rows},
                                    {"truncated", truncated}});
      }};
}

/// Compares a/b with c/d for b, d > 0 without rounding.
int compare_ratio(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  __int128 left = static_cast<__int128>(a) * d, right = static_cast<__int128>(c) * b;
  return left < right ? -1 : (left > right ? 1 : 0);
}

mcp::ToolSpec get_top_publishers() {
  return {
      .name = "get_top_publishers",
      .title = "Top publishers",
      .description =
          "Rank partners by revenue, conversions, EPC, CVR, or profit over the last `days` days (brand time). "
          "Partners with no clicks and no conversions in the window are left out; for epc and cvr, partners "
          "without clicks rank last. Ties are broken by partner id.",
      .input_schema = s::object_schema(
          {s::enumeration("metric", {"revenue", "conversions", "epc", "cvr", "profit"}).def("revenue").describe("What to rank by"),
           s::integer("limit").min(1).max(100).def(10).describe("How many partners"),
           days_field("the ranking")}),
      .output_schema = output_schema(
          {{"metric", prop("string", "The metric ranked by")},
           {"period", kPeriod},
           {"currency", prop("string", "The brand's currency")},
           {"publishers", array_prop("Best first: rank, partnerId, name, status, value (the metric), clicks, conversions, revenue, payout, profit, epc, cvrPercent")},
           {"truncated", prop("boolean", "True when more partners had activity than `limit`")}}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        Period period = last_days(st, brand, a.integer("days"));
        std::string metric = a.str("metric");
        auto totals = totals_by(st, brand, period, "partner_id", std::nullopt);
        std::vector<std::pair<std::string, Totals>> ranked(totals.begin(), totals.end());
        auto better = [&metric](const std::pair<std::string, Totals>& x, const std::pair<std::string, Totals>& y) {
          const Totals &p = x.second, &q = y.second;
          int c = 0;
          if (metric == "revenue") c = p.revenue < q.revenue ? -1 : p.revenue > q.revenue;
          else if (metric == "conversions") c = p.conversions < q.conversions ? -1 : p.conversions > q.conversions;
          else if (metric == "profit") c = (p.revenue - p.payout) < (q.revenue - q.payout) ? -1 : (p.revenue - p.payout) > (q.revenue - q.payout);
          else {
            std::int64_t pn = metric == "epc" ? p.revenue : p.conversions, qn = metric == "epc" ? q.revenue : q.conversions;
            if (p.clicks == 0 || q.clicks == 0) c = (p.clicks > 0) - (q.clicks > 0);
            else c = compare_ratio(pn, p.clicks, qn, q.clicks);
          }
          if (c != 0) return c > 0;
          return x.first < y.first;
        };
        std::sort(ranked.begin(), ranked.end(), better);
        auto limit = static_cast<std::size_t>(a.integer("limit"));
        json rows = json::array();
        for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) {
          const auto& [id, t] = ranked[i];
          auto partner = find_partner(st, brand, id);
          json row = partner_row(*partner, t, brand);
          row["rank"] = i + 1;
          if (metric == "cvr") row["value"] = row["cvrPercent"];
          else if (metric == "conversions") row["value"] = t.conversions;
          else row["value"] = row[metric];
          rows.push_back(row);
        }
        return mcp::ToolResult::of({{"metric", metric},
                                    {"period", period.to_json()},
                                    {"currency", std::string(brand.currency.code)},
                                    {"publishers", rows},
                                    {"truncated", ranked.size() > limit}});
      }};
}

}  // namespace

std::vector<mcp::ToolSpec> stats_tools() {
  return {get_partner_stats(), get_offer_stats(), get_top_publishers()};
}

}  // namespace tally::affiliate
