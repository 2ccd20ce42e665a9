// get_offer_config and the offer writes: create_offer, update_offer, pause_offer,
// rotate_offer_postback_secret, adjust_payout, set_event_payout, set_cap. Each
// write runs in one IMMEDIATE transaction with its audit row; a write that
// changes nothing returns changed:false and records nothing.
#include <arpa/inet.h>
#include "app/call_store.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "affiliate/audit.h"
#include "affiliate/offers.h"
#include "affiliate/outbox.h"
#include "affiliate/partners.h"
#include "affiliate/secret.h"
#include "affiliate/text.h"
#include "affiliate/tool_support.h"
#include "affiliate/tools.h"
#include "util/text.h"

namespace tally::affiliate {

namespace {


void check_url(const mcp::Args& a, const std::string& key) {
  std::string url = a.str(key);
  if (!is_http_url(url))
    throw mcp::ToolError(key + ": must be an absolute http(s) URL (got \"" + url + "\")");
}

void check_template(const std::string& t) {
  if (!is_http_url(t))
    throw mcp::ToolError("postbackUrlTemplate: must be an absolute http(s) URL (got \"" + t + "\")");
  for (std::size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
    std::size_t close = t.find('}', open);
    std::string token = close == std::string::npos ? t.substr(open) : t.substr(open, close - open + 1);
    if (std::find(std::begin(kPostbackPlaceholders), std::end(kPostbackPlaceholders), token) ==
        std::end(kPostbackPlaceholders))
      throw mcp::ToolError("postbackUrlTemplate: unknown placeholder " + token +
                           "; use {CLICK_ID}, {CONVERSION_ID}, {AMOUNT}, {TXN_ID}, {EVENT_TYPE} or {STATUS}");
  }
  if (t.find('}') != std::string::npos && t.find('{') == std::string::npos)
    throw mcp::ToolError("postbackUrlTemplate: a '}' without its '{'");
}

json ip_list(const mcp::Args& a) {
  json out = json::array();
  for (const auto& ip : a.strings("allowedPostbackIps")) {
    unsigned char buffer[16];
    if (inet_pton(AF_INET, ip.c_str(), buffer) != 1 && inet_pton(AF_INET6, ip.c_str(), buffer) != 1)
      throw mcp::ToolError("allowedPostbackIps: \"" + ip + "\" is not an IPv4 or IPv6 address");
    if (std::find(out.begin(), out.end(), ip) == out.end()) out.push_back(ip);
  }
  std::sort(out.begin(), out.end());
  return out;
}

json geo_list(const mcp::Args& a) {
  json out = json::array();
  for (auto code : a.strings("geoTargeting")) {
    for (char& c : code)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
      throw mcp::ToolError("geoTargeting: \"" + code + "\" is not an ISO 3166 country code such as US or DE");
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  std::sort(out.begin(), out.end());
  return out;
}

json device_list(const mcp::Args& a) {
  json out = json::array();
  for (const auto& d : a.strings("deviceTargeting"))
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  std::sort(out.begin(), out.end());
  return out;
}

/// The top-level keys whose values differ, as {before, after} objects.
std::pair<json, json> changed_fields(const json& before, const json& after) {
  json b = json::object(), a = json::object();
  for (const auto& [key, value] : after.items())
    if (!before.contains(key) || before[key] != value) {
      b[key] = before.contains(key) ? before[key] : json(nullptr);
      a[key] = value;
    }
  return {b, a};
}

const json kItems = {{"type", "string"}};
s::Field ips_field() {
  return s::array("allowedPostbackIps", kItems).max_items(50).describe(
      "IPv4/IPv6 addresses postbacks may come from; empty = any");
}
s::Field geo_field() {
  return s::array("geoTargeting", kItems).max_items(250).describe("ISO 3166 country codes the offer targets; empty = all");
}
s::Field device_field() {
  return s::array("deviceTargeting", {{"type", "string"}, {"enum", {"desktop", "mobile", "tablet"}}})
      .max_items(3)
      .describe("Devices the offer targets; empty = all");
}
s::Field payout_type_field() {
  return s::enumeration("payoutType", {"fixed", "percent"})
      .describe("fixed: an amount per conversion; percent: a share of the sale amount");
}
s::Field payout_field() {
  return s::decimal("payout").describe(
      "fixed: an amount in the brand currency such as \"12.50\"; percent: a percent such as \"15\" or \"12.5\" "
      "(2 decimals at most; paid half-up on the sale)");
}

const json kConfigSchema = output_schema(
    {{"offerId", prop("string", "off_…")},
     {"name", prop("string", "The offer's name")},
     {"status", prop("string", "active or paused")},
     {"currency", prop("string", "The brand's currency")},
     {"destinationUrl", prop("string", "Where clicks land")},
     {"payout", prop("object", "Default payout: {type:fixed, amount} or {type:percent, percent, basisPoints}")},
     {"partnerPayouts", array_prop("Per-partner overrides {partnerId, payout} (take precedence)")},
     {"eventPayouts", array_prop("Per-event overrides {eventType, payout} (after partner overrides)")},
     {"caps", prop("object", "daily, weekly (ISO weeks), monthly: each {maxConversions, hard} or null")},
     {"clickUrl", prop("string", "The tracking link for partners: replace {PARTNER_ID}; optional sub1…sub5 and click_id "
                                 "query parameters are recorded with the click")},
     {"postbackUrl", prop("string", "The inbound postback URL to give the advertiser")},
     {"postbackUrlTemplate", prop(json::array({"string", "null"}), "Outbound URL fired on conversion, with placeholders")},
     {"postbackSecretSet", prop("boolean", "Whether a postback secret is set (its value is never shown again)")},
     {"allowedPostbackIps", array_prop("Addresses postbacks may come from; empty = any")},
     {"targeting", prop("object", "{geo: country codes, devices}; empty lists = all")},
     {"createdAt", prop("string", "When the offer was created (UTC)")}});

json with_changed(json body, bool changed) {
  body["changed"] = changed;
  return body;
}

mcp::ToolSpec get_offer_config() {
  return {.name = "get_offer_config",
          .title = "Offer config",
          .description =
              "Full config of one offer AND the offer's inbound postback URL (the URL the brand hands to their "
              "advertiser/store backend; generated deterministically). Also returns destination, payout, caps, "
              "outbound postbackUrlTemplate, whether a postback secret is set (boolean; the value is never shown), "
              "allowed postback IPs, geo + device targeting.",
          .input_schema = s::object_schema({s::string("offerId").required().describe("off_…")}),
          .output_schema = kConfigSchema,
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            return mcp::ToolResult::of(offer_config(st, brand, require_offer(st, brand, a.str("offerId"))));
          }};
}

mcp::ToolSpec create_offer() {
  return {
      .name = "create_offer",
      .title = "Create offer",
      .description =
          "Spin up a new offer with payout rules: a name, the destination URL clicks land on, and the default "
          "payout (fixed amount or percent of the sale). The offer starts active, with no postback secret "
          "(rotate_offer_postback_secret makes one) and no caps.",
      .input_schema = s::object_schema({s::string("name").required().min_length(1).max_length(120).describe("Offer name"),
                                        s::string("destinationUrl").required().max_length(2000).describe("Absolute http(s) URL clicks land on"),
                                        payout_type_field().required(), payout_field().required(), ips_field(),
                                        geo_field(), device_field()}),
      .output_schema = kConfigSchema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        check_url(a, "destinationUrl");
        PayoutRule rule = parse_payout_rule(a, a.str("payoutType"), brand);
        store::Transaction tx(st.db);
        std::string id = st.ids.next("off");
        SQLite::Statement q(st.db,
                            "INSERT INTO tr_offer (id, brand_id, name, destination_url, payout_type, payout_value, "
                            "allowed_ips, geo_targeting, device_targeting, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, id);
        q.bind(2, brand.id);
        if (auto problem = util::name_problem(a.str("name")); !problem.empty()) throw mcp::ToolError("name: " + problem);
        q.bind(3, a.str("name"));
        q.bind(4, a.str("destinationUrl"));
        q.bind(5, rule.type);
        q.bind(6, rule.value);
        q.bind(7, ip_list(a).dump());
        q.bind(8, geo_list(a).dump());
        q.bind(9, device_list(a).dump());
        q.bind(10, st.clock.now_iso());
        q.exec();
        json config = offer_config(st, brand, require_offer(st, brand, id));
        record_audit(st, brand, mcp_actor(brand, ctx), {"create_offer", "offer", id, nullptr, config, std::nullopt});
        ctx.check_cancelled();
        tx.commit();
        return mcp::ToolResult::of(config);
      }};
}

mcp::ToolSpec update_offer() {
  return {
      .name = "update_offer",
      .title = "Update offer",
      .description =
          "Edit name, destination URL, payout amounts, or postback URL template (the URL fired at the advertiser "
          "on conversion; supports {CLICK_ID} / {CONVERSION_ID} / {AMOUNT} / {TXN_ID} / {EVENT_TYPE} "
          "placeholders, and {STATUS}: recorded, approved, rejected or paid, which also fires it again on each of "
          "those status changes; pass null to clear). Also allowed postback IPs and targeting. Omitted fields stay; "
          "a new payout applies to conversions recorded from now on.",
      .input_schema = s::object_schema(
          {s::string("offerId").required().describe("off_…"),
           s::string("name").min_length(1).max_length(120).describe("New name"),
           s::string("destinationUrl").max_length(2000).describe("New absolute http(s) destination URL"),
           payout_type_field().describe("New payout type (needs payout)"),
           payout_field(),
           s::string("postbackUrlTemplate").max_length(2000).nullable().describe(
               "Outbound postback URL with {CLICK_ID} {CONVERSION_ID} {AMOUNT} {TXN_ID} {EVENT_TYPE} {STATUS}; null "
               "clears it"),
           ips_field(), geo_field(), device_field()}),
      .output_schema = [] {
        json schema = kConfigSchema;
        schema["properties"]["changed"] = prop("boolean", "False when the offer already had these values");
        return schema;
      }(),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        store::Transaction tx(st.db);
        Offer offer = require_offer(st, brand, a.str("offerId"));
        json before = offer_config(st, brand, offer);
        if (a.has("name")) offer.name = a.str("name");
        if (auto problem = util::name_problem(offer.name); !problem.empty()) throw mcp::ToolError("name: " + problem);
        if (a.has("destinationUrl")) {
          check_url(a, "destinationUrl");
          offer.destination_url = a.str("destinationUrl");
        }
        if (a.has("payoutType") && !a.has("payout"))
          throw mcp::ToolError("payout: is required when payoutType is given");
        if (a.has("payout")) offer.payout = parse_payout_rule(a, a.opt_str("payoutType").value_or(offer.payout.type), brand);
        if (a.present("postbackUrlTemplate")) {
          if (a.has("postbackUrlTemplate")) {
            check_template(a.str("postbackUrlTemplate"));
            offer.postback_url_template = a.str("postbackUrlTemplate");
          } else {
            offer.postback_url_template.reset();
          }
        }
        if (a.has("allowedPostbackIps")) offer.allowed_ips = ip_list(a);
        if (a.has("geoTargeting")) offer.geo = geo_list(a);
        if (a.has("deviceTargeting")) offer.devices = device_list(a);
        SQLite::Statement q(st.db,
                            "UPDATE tr_offer SET name = ?, destination_url = ?, payout_type = ?, payout_value = ?, "
                            "postback_url_template = ?, allowed_ips = ?, geo_targeting = ?, device_targeting = ? "
                            "WHERE id = ? AND brand_id = ?");
        q.bind(1, offer.name);
        q.bind(2, offer.destination_url);
        q.bind(3, offer.payout.type);
        q.bind(4, offer.payout.value);
        if (offer.postback_url_template) q.bind(5, *offer.postback_url_template); else q.bind(5);
        q.bind(6, offer.allowed_ips.dump());
        q.bind(7, offer.geo.dump());
        q.bind(8, offer.devices.dump());
        q.bind(9, offer.id);
        q.bind(10, brand.id);
        json after = offer_config(st, brand, offer);
        if (after == before) return mcp::ToolResult::of(with_changed(before, false));
        q.exec();
        auto [b, n] = changed_fields(before, after);
        record_audit(st, brand, mcp_actor(brand, ctx), {"update_offer", "offer", offer.id, b, n, std::nullopt});
        ctx.check_cancelled();
        tx.commit();
        return mcp::ToolResult::of(with_changed(after, true));
      }};
}

mcp::ToolSpec pause_offer() {
  return {.name = "pause_offer",
          .title = "Pause offer",
          .description =
              "Pause an offer brand-wide; the click handler refuses new clicks. Postbacks for earlier clicks are "
              "still recorded. Pausing a paused offer changes nothing.",
          .input_schema = s::object_schema({s::string("offerId").required().describe("off_…")}),
          .output_schema = output_schema({{"offerId", prop("string", "off_…")},
                                          {"status", prop("string", "paused")},
                                          {"changed", prop("boolean", "False when it was already paused")}}),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            Offer offer = require_offer(st, brand, a.str("offerId"));
            json out = {{"offerId", offer.id}, {"status", "paused"}, {"changed", offer.status != "paused"}};
            if (offer.status == "paused") return mcp::ToolResult::of(out);
            SQLite::Statement q(st.db, "UPDATE tr_offer SET status = 'paused' WHERE id = ? AND brand_id = ?");
            q.bind(1, offer.id);
            q.bind(2, brand.id);
            q.exec();
            record_audit(st, brand, mcp_actor(brand, ctx),
                         {"pause_offer", "offer", offer.id, {{"status", offer.status}}, {{"status", "paused"}}, std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of(out);
          }};
}

mcp::ToolSpec rotate_offer_postback_secret() {
  return {
      .name = "rotate_offer_postback_secret",
      .title = "Rotate postback secret",
      .description =
          "Generate a new HMAC secret (32 random bytes, hex) and return it ONCE: no other tool, audit entry, "
          "log or export shows it again. Invalidates the advertiser's current integration until they copy the "
          "new value into their postback signing (sig = hex HMAC-SHA256 over the sorted query) or URL (secret=).",
      .input_schema = s::object_schema({s::string("offerId").required().describe("off_…")}),
      .output_schema = output_schema(
          {{"offerId", prop("string", "off_…")},
           {"postbackSecret", prop("string", "The new secret, 64 hex characters: shown this once only")},
           {"postbackSecretSet", prop("boolean", "Always true")},
           {"postbackUrl", prop("string", "The inbound postback URL")},
           {"notice", prop("string", "What to do with the secret")}}),
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        store::Transaction tx(st.db);
        Offer offer = require_offer(st, brand, a.str("offerId"));
        std::string secret = random_hex(32);
        SQLite::Statement q(st.db, "UPDATE tr_offer SET postback_secret = ? WHERE id = ? AND brand_id = ?");
        q.bind(1, secret);
        q.bind(2, offer.id);
        q.bind(3, brand.id);
        q.exec();
        record_audit(st, brand, mcp_actor(brand, ctx),
                     {"rotate_offer_postback_secret", "offer", offer.id, {{"postbackSecretSet", offer.secret_set}},
                      {{"postbackSecretSet", true}, {"secretRotated", true}}, std::nullopt});
        ctx.check_cancelled();
        tx.commit();
        return mcp::ToolResult::of(
            {{"offerId", offer.id},
             {"postbackSecret", secret},
             {"postbackSecretSet", true},
             {"postbackUrl", inbound_postback_url(brand, offer.id)},
             {"notice",
              "Copy this secret now: it is shown once and never again. Postbacks signed with the previous secret "
              "are refused from now on."}});
      }};
}

json override_out(const std::string& offer_id, const std::string& key_name, const std::string& key, const json& payout,
                  bool changed) {
  return {{"offerId", offer_id}, {key_name, key}, {"payout", payout}, {"changed", changed},
          {"appliesTo", "conversions recorded from now on; recorded conversions keep their payout"}};
}

/// Upserts a payout override row (partner or event) with audit; the shared body of two tools.
mcp::ToolResult upsert_override(store::Store& st, const Brand& brand, mcp::CallContext& ctx, const mcp::Args& a,
                                const std::string& tool, const std::string& table, const std::string& key_column,
                                const std::string& key_name, const std::string& key) {
  PayoutRule rule = parse_payout_rule(a, a.str("payoutType"), brand);
  SQLite::Statement find(st.db, "SELECT payout_type, payout_value FROM " + table + " WHERE offer_id = ? AND " +
                                    key_column + " = ?");
  std::string offer_id = a.str("offerId");
  find.bind(1, offer_id);
  find.bind(2, key);
  std::optional<PayoutRule> old;
  if (find.executeStep()) old = PayoutRule{find.getColumn(0).getString(), find.getColumn(1).getInt64()};
  json now = payout_rule_json(rule, brand);
  if (old && *old == rule) return mcp::ToolResult::of(override_out(offer_id, key_name, key, now, false));
  SQLite::Statement q(st.db, "INSERT INTO " + table + " (offer_id, " + key_column +
                                 ", payout_type, payout_value) VALUES (?,?,?,?) ON CONFLICT (offer_id, " + key_column +
                                 ") DO UPDATE SET payout_type = excluded.payout_type, payout_value = excluded.payout_value");
  q.bind(1, offer_id);
  q.bind(2, key);
  q.bind(3, rule.type);
  q.bind(4, rule.value);
  q.exec();
  record_audit(st, brand, mcp_actor(brand, ctx),
               {tool, "offer", offer_id, {{key_name, key}, {"payout", old ? payout_rule_json(*old, brand) : json(nullptr)}},
                {{key_name, key}, {"payout", now}}, std::nullopt});
  ctx.check_cancelled();
  return mcp::ToolResult::of(override_out(offer_id, key_name, key, now, true));
}

const json kOverrideSchema = output_schema(
    {{"offerId", prop("string", "off_…")},
     {"payout", prop("object", "The override now in force")},
     {"changed", prop("boolean", "False when the override already had this value")},
     {"appliesTo", prop("string", "Which conversions it affects")}});

mcp::ToolSpec adjust_payout() {
  json schema = kOverrideSchema;
  schema["properties"]["partnerId"] = prop("string", "ptn_…");
  return {.name = "adjust_payout",
          .title = "Adjust partner payout",
          .description =
              "Set a per-partner payout override on an offer (fixed amount, or a percent of the sale such as \"15\"). "
              "Precedence when a conversion is recorded: partner override, then event override, then the offer "
              "default. Conversions already recorded keep their payout.",
          .input_schema = s::object_schema({s::string("offerId").required().describe("off_…"),
                                            s::string("partnerId").required().describe("ptn_…"),
                                            payout_type_field().required(), payout_field().required()}),
          .output_schema = schema,
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            require_offer(st, brand, a.str("offerId"));
            Partner partner = require_partner(st, brand, a.str("partnerId"));
            auto r = upsert_override(st, brand, ctx, a, "adjust_payout", "tr_payout_override", "partner_id", "partnerId",
                                     partner.id);
            tx.commit();
            return r;
          }};
}

mcp::ToolSpec set_event_payout() {
  json schema = kOverrideSchema;
  schema["properties"]["eventType"] = prop("string", "The event, as postbacks name it");
  return {.name = "set_event_payout",
          .title = "Set event payout",
          .description =
              "Set a per-event payout override on an offer (signup vs trial vs purchase under one offer). Postbacks "
              "name the event with event=… (default sale). A partner override still takes precedence.",
          .input_schema = s::object_schema(
              {s::string("offerId").required().describe("off_…"),
               s::string("eventType").required().min_length(1).max_length(40).describe("Event name: a-z, 0-9, _ and -, e.g. signup, trial, purchase"),
               payout_type_field().required(), payout_field().required()}),
          .output_schema = schema,
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            std::string event = a.str("eventType");
            for (char c : event)
              if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                throw mcp::ToolError("eventType: use a-z, 0-9, _ and - only (got \"" + event + "\")");
            store::Transaction tx(st.db);
            require_offer(st, brand, a.str("offerId"));
            auto r = upsert_override(st, brand, ctx, a, "set_event_payout", "tr_event_payout", "event_type", "eventType",
                                     event);
            tx.commit();
            return r;
          }};
}

mcp::ToolSpec set_cap() {
  auto cap_field = [](const char* name, const char* window) {
    return s::integer(name).min(1).max(1000000000).nullable().describe(
        (std::string("Most conversions per ") + window + " (brand time); null clears it; omit to keep it").c_str());
  };
  return {.name = "set_cap",
          .title = "Set caps",
          .description =
              "Adjust daily/weekly/monthly conversion caps on an offer (windows in the brand's time zone; weeks are "
              "ISO weeks, Monday to Sunday). Caps are soft by default: a conversion over a cap is kept, marked "
              "over cap and sent to pending_review. hard: true rejects over-cap conversions instead. `hard` applies "
              "to the caps set in this call.",
          .input_schema = s::object_schema({s::string("offerId").required().describe("off_…"),
                                            cap_field("daily", "day"), cap_field("weekly", "ISO week"),
                                            cap_field("monthly", "calendar month"),
                                            s::boolean("hard").def(false).describe("Reject over-cap conversions instead of reviewing them")}),
          .output_schema = output_schema({{"offerId", prop("string", "off_…")},
                                          {"caps", prop("object", "daily, weekly, monthly: each {maxConversions, hard} or null")},
                                          {"changed", prop("boolean", "False when the caps already were so")}}),
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            if (!a.present("daily") && !a.present("weekly") && !a.present("monthly"))
              throw mcp::ToolError("Give at least one of daily, weekly or monthly (a number, or null to clear it).");
            store::Transaction tx(st.db);
            Offer offer = require_offer(st, brand, a.str("offerId"));
            json before = caps_json(offer_caps(st, offer.id));
            for (const char* period : {"daily", "weekly", "monthly"}) {
              if (!a.present(period)) continue;
              if (!a.has(period)) {
                SQLite::Statement del(st.db, "DELETE FROM tr_cap WHERE offer_id = ? AND period = ?");
                del.bind(1, offer.id);
                del.bind(2, period);
                del.exec();
                continue;
              }
              SQLite::Statement up(st.db,
                                   "INSERT INTO tr_cap (offer_id, period, max_conversions, hard) VALUES (?,?,?,?) "
                                   "ON CONFLICT (offer_id, period) DO UPDATE SET max_conversions = excluded.max_conversions, "
                                   "hard = excluded.hard");
              up.bind(1, offer.id);
              up.bind(2, period);
              up.bind(3, a.integer(period));
              up.bind(4, a.boolean("hard") ? 1 : 0);
              up.exec();
            }
            json after = caps_json(offer_caps(st, offer.id));
            json out = {{"offerId", offer.id}, {"caps", after}, {"changed", after != before}};
            if (after == before) return mcp::ToolResult::of(out);  // the transaction rolls back: nothing changed
            record_audit(st, brand, mcp_actor(brand, ctx), {"set_cap", "offer", offer.id, before, after, std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of(out);
          }};
}

}  // namespace

std::vector<mcp::ToolSpec> offer_read_tools() { return {get_offer_config()}; }

std::vector<mcp::ToolSpec> offer_write_tools() {
  return {create_offer(), update_offer(), pause_offer(), rotate_offer_postback_secret(),
          adjust_payout(), set_event_payout(), set_cap()};
}

}  // namespace tally::affiliate
