// pause_partner, approve_partner_application, create_coupon and list_coupons.
#include <SQLiteCpp/Statement.h>
#include "app/call_store.h"
#include "store/transaction.h"

#include "affiliate/audit.h"
#include "affiliate/offers.h"
#include "affiliate/partners.h"
#include "affiliate/tool_support.h"
#include "affiliate/tools.h"
#include "util/fold.h"

namespace tally::affiliate {

namespace {

const json kPartnerChange = output_schema(
    {{"partnerId", prop("string", "ptn_…")},
     {"name", prop("string", "The partner's name")},
     {"status", prop("string", "pending, active, paused or rejected")},
     {"changed", prop("boolean", "False when it already had this status")}});

// A coupon's status is derived, never stored: expired after its last day (brand
// time), exhausted once used max_uses times, else active.
constexpr const char* kCouponStatus =
    "CASE WHEN expires_on IS NOT NULL AND expires_on < :today THEN 'expired' "
    "WHEN max_uses IS NOT NULL AND used_count >= max_uses THEN 'exhausted' ELSE 'active' END";

json coupon_row(SQLite::Statement& q) {
  return {{"couponId", q.getColumn(0).getString()},
          {"code", q.getColumn(1).getString()},
          {"partnerId", q.getColumn(2).getString()},
          {"offerId", q.getColumn(3).isNull() ? json(nullptr) : json(q.getColumn(3).getString())},
          {"usedCount", q.getColumn(4).getInt64()},
          {"maxUses", q.getColumn(5).isNull() ? json(nullptr) : json(q.getColumn(5).getInt64())},
          {"expiresOn", q.getColumn(6).isNull() ? json(nullptr) : json(q.getColumn(6).getString())},
          {"status", q.getColumn(7).getString()},
          {"createdAt", q.getColumn(8).getString()}};
}

const std::string kCouponSelect = std::string(
    "SELECT id, code, partner_id, offer_id, used_count, max_uses, expires_on, ") + kCouponStatus +
    " AS status, created_at FROM tr_coupon";

mcp::ToolSpec pause_partner() {
  return {.name = "pause_partner",
          .title = "Pause partner",
          .description =
              "Pause a partner brand-wide: new click-throughs are refused. Pending conversions are untouched "
              "(they stay pending and can still be approved). Pausing a paused partner changes nothing.",
          .input_schema = s::object_schema({s::string("partnerId").required().describe("ptn_…")}),
          .output_schema = [] {
            json schema = kPartnerChange;
            schema["properties"]["pendingConversionsUntouched"] =
                prop("integer", "Pending and pending_review conversions of the partner, left as they were");
            return schema;
          }(),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            Partner p = require_partner(st, brand, a.str("partnerId"));
            if (p.status == "rejected") throw mcp::ToolError("Partner is rejected; only pending or active partners can be paused.");
            SQLite::Statement pending(st.db,
                                      "SELECT count(*) FROM tr_conversion WHERE partner_id = ? AND brand_id = ? AND "
                                      "status IN ('pending','pending_review')");
            pending.bind(1, p.id);
            pending.bind(2, brand.id);
            pending.executeStep();
            json out = {{"partnerId", p.id}, {"name", p.name}, {"status", "paused"}, {"changed", p.status != "paused"},
                        {"pendingConversionsUntouched", pending.getColumn(0).getInt64()}};
            if (p.status == "paused") return mcp::ToolResult::of(out);
            SQLite::Statement q(st.db, "UPDATE tr_partner SET status = 'paused' WHERE id = ? AND brand_id = ?");
            q.bind(1, p.id);
            q.bind(2, brand.id);
            q.exec();
            record_audit(st, brand, mcp_actor(brand, ctx),
                         {"pause_partner", "partner", p.id, {{"status", p.status}}, {{"status", "paused"}}, std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of(out);
          }};
}

mcp::ToolSpec approve_partner_application() {
  return {.name = "approve_partner_application",
          .title = "Approve partner application",
          .description =
              "Accept a self-applied partner (status pending → active only). The hosted product e-mails a welcome "
              "and tracking setup; Tally runs locally and sends no e-mail, and the reply says so.",
          .input_schema = s::object_schema({s::string("partnerId").required().describe("ptn_…")}),
          .output_schema = [] {
            json schema = kPartnerChange;
            schema["properties"]["emailSent"] = prop("boolean", "Always false: Tally sends no e-mail");
            schema["properties"]["note"] = prop("string", "What to do instead of the welcome e-mail");
            return schema;
          }(),
          .annotations = mcp::kCreate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            Partner p = require_partner(st, brand, a.str("partnerId"));
            if (p.status != "pending")
              throw mcp::ToolError("Partner is " + p.status + ", not pending; only pending applications can be approved.");
            SQLite::Statement q(st.db, "UPDATE tr_partner SET status = 'active' WHERE id = ? AND brand_id = ?");
            q.bind(1, p.id);
            q.bind(2, brand.id);
            q.exec();
            record_audit(st, brand, mcp_actor(brand, ctx),
                         {"approve_partner_application", "partner", p.id, {{"status", "pending"}}, {{"status", "active"}},
                          std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            std::string note = p.email ? "No e-mail was sent (Tally runs locally). Send " + *p.email +
                                             " the welcome and tracking-setup details yourself."
                                       : "No e-mail was sent (Tally runs locally, and no address is on file).";
            return mcp::ToolResult::of({{"partnerId", p.id}, {"name", p.name}, {"status", "active"}, {"changed", true},
                                        {"emailSent", false}, {"note", note}});
          }};
}

mcp::ToolSpec create_coupon() {
  return {.name = "create_coupon",
          .title = "Create coupon",
          .description =
              "Issue a per-partner coupon code (overrides click attribution when a postback includes coupon_code). "
              "Codes are unique per brand in any case (SAVE10 and save10 are the same code). An expired or "
              "exhausted coupon is ignored by postbacks and raises the fraud score.",
          .input_schema = s::object_schema(
              {s::string("partnerId").required().describe("ptn_…: who the coupon attributes to"),
               s::string("code").required().min_length(1).max_length(40).describe("The code customers type"),
               s::string("offerId").describe("Only for this offer (off_…); omit for any offer of the brand"),
               s::integer("maxUses").min(1).max(1000000000).describe("Uses allowed; omit for unlimited"),
               s::date("expiresOn").describe("Last day it works (brand time), YYYY-MM-DD")}),
          .output_schema = output_schema({{"couponId", prop("string", "cpn_…")},
                                          {"code", prop("string", "The code as given")},
                                          {"partnerId", prop("string", "ptn_…")},
                                          {"offerId", prop(json::array({"string", "null"}), "off_… or null for any offer")},
                                          {"usedCount", prop("integer", "Times used")},
                                          {"maxUses", prop(json::array({"integer", "null"}), "Uses allowed, null = unlimited")},
                                          {"expiresOn", prop(json::array({"string", "null"}), "Last day it works")},
                                          {"status", prop("string", "active, exhausted or expired")},
                                          {"createdAt", prop("string", "When it was created (UTC)")}}),
          .annotations = mcp::kCreate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            std::string code = a.str("code");
            for (unsigned char c : code)
              if (c <= 0x20 || c == 0x7f || c == '&' || c == '=' || c == '#' || c == '?')
                throw mcp::ToolError("code: use no spaces or any of & = # ? (got \"" + code + "\")");
            store::Transaction tx(st.db);
            Partner p = require_partner(st, brand, a.str("partnerId"));
            auto offer_id = a.opt_str("offerId");
            if (offer_id) require_offer(st, brand, *offer_id);
            std::string folded = util::fold(code);
            SQLite::Statement dup(st.db, "SELECT code FROM tr_coupon WHERE brand_id = ? AND code_fold = ?");
            dup.bind(1, brand.id);
            dup.bind(2, folded);
            if (dup.executeStep())
              throw mcp::ToolError("Coupon code " + code + " already exists (as " + dup.getColumn(0).getString() +
                                   "); codes are unique per brand in any case.");
            std::string id = st.ids.next("cpn");
            SQLite::Statement q(st.db,
                                "INSERT INTO tr_coupon (id, brand_id, partner_id, offer_id, code, code_fold, max_uses, "
                                "expires_on, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
            q.bind(1, id);
            q.bind(2, brand.id);
            q.bind(3, p.id);
            if (offer_id) q.bind(4, *offer_id); else q.bind(4);
            q.bind(5, code);
            q.bind(6, folded);
            if (auto m = a.opt_int("maxUses")) q.bind(7, *m); else q.bind(7);
            if (auto e = a.opt_str("expiresOn")) q.bind(8, *e); else q.bind(8);
            q.bind(9, st.clock.now_iso());
            q.exec();
            SQLite::Statement row(st.db, kCouponSelect + " WHERE id = ?");
            row.bind(":today", brand_today(st, brand));
            row.bind(2, id);
            row.executeStep();
            json coupon = coupon_row(row);
            record_audit(st, brand, mcp_actor(brand, ctx), {"create_coupon", "coupon", id, nullptr, coupon, std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of(coupon);
          }};
}

mcp::ToolSpec list_coupons() {
  return {.name = "list_coupons",
          .title = "Coupons",
          .description = "Coupon codes by partner / status, with used count and max uses, oldest first.",
          .input_schema = s::object_schema(
              {s::string("partnerId").describe("Only this partner's coupons (ptn_…)"),
               s::enumeration("status", {"active", "exhausted", "expired"}).describe("Only coupons in this state"),
               s::integer("limit").min(1).max(500).def(100).describe("Coupons per answer")}),
          .output_schema = output_schema(
              {{"count", prop("integer", "Coupons returned")},
               {"coupons", array_prop("couponId, code, partnerId, offerId, usedCount, maxUses, expiresOn, status, createdAt")},
               {"truncated", prop("boolean", "True when more coupons match than `limit`")}}),
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            auto partner_id = a.opt_str("partnerId");
            if (partner_id) require_partner(st, brand, *partner_id);
            auto status = a.opt_str("status");
            std::string sql = "SELECT * FROM (" + kCouponSelect + " WHERE brand_id = :brand" +
                              (partner_id ? " AND partner_id = :partner" : "") + ")" +
                              (status ? " WHERE status = :status" : "") + " ORDER BY id LIMIT :limit";
            SQLite::Statement q(st.db, sql);
            q.bind(":today", brand_today(st, brand));
            q.bind(":brand", brand.id);
            if (partner_id) q.bind(":partner", *partner_id);
            if (status) q.bind(":status", *status);
            auto limit = a.integer("limit");
            q.bind(":limit", limit + 1);
            json rows = json::array();
            bool truncated = false;
            while (q.executeStep()) {
              if (static_cast<std::int64_t>(rows.size()) == limit) {
                truncated = true;
                break;
              }
              rows.push_back(coupon_row(q));
            }
            return mcp::ToolResult::of({{"count", rows.size()}, {"coupons", rows}, {"truncated", truncated}});
          }};
}

}  // namespace

std::vector<mcp::ToolSpec> partner_read_tools() { return {list_coupons()}; }

std::vector<mcp::ToolSpec> partner_write_tools() {
  return {pause_partner(), approve_partner_application(), create_coupon()};
}

}  // namespace tally::affiliate
