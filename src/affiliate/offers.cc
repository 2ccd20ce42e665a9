#include "affiliate/offers.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"

namespace tally::affiliate {

std::optional<Offer> find_offer(store::Store& st, const Brand& brand, const std::string& offer_id) {
  SQLite::Statement q(st.db,
                      "SELECT id, name, destination_url, status, payout_type, payout_value, postback_url_template, "
                      "postback_secret IS NOT NULL, allowed_ips, geo_targeting, device_targeting, created_at "
                      "FROM tr_offer WHERE id = ? AND brand_id = ?");
  q.bind(1, offer_id);
  q.bind(2, brand.id);
  if (!q.executeStep()) return std::nullopt;
  Offer o;
  o.id = q.getColumn(0).getString();
  o.name = q.getColumn(1).getString();
  o.destination_url = q.getColumn(2).getString();
  o.status = q.getColumn(3).getString();
  o.payout = {q.getColumn(4).getString(), q.getColumn(5).getInt64()};
  if (!q.getColumn(6).isNull()) o.postback_url_template = q.getColumn(6).getString();
  o.secret_set = q.getColumn(7).getInt() != 0;
  o.allowed_ips = mcp::json::parse(q.getColumn(8).getString());
  o.geo = mcp::json::parse(q.getColumn(9).getString());
  o.devices = mcp::json::parse(q.getColumn(10).getString());
  o.created_at = q.getColumn(11).getString();
  return o;
}

Offer require_offer(store::Store& st, const Brand& brand, const std::string& offer_id) {
  auto offer = find_offer(st, brand, offer_id);
  if (!offer) throw mcp::ToolError("Offer not found.");
  return *offer;
}

std::vector<Cap> offer_caps(store::Store& st, const std::string& offer_id) {
  SQLite::Statement q(st.db, "SELECT period, max_conversions, hard FROM tr_cap WHERE offer_id = ?");
  q.bind(1, offer_id);
  std::vector<Cap> caps;
  while (q.executeStep())
    caps.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt() != 0});
  return caps;
}

mcp::json caps_json(const std::vector<Cap>& caps) {
  mcp::json out = {{"daily", nullptr}, {"weekly", nullptr}, {"monthly", nullptr}};
  for (const auto& c : caps) out[c.period] = {{"maxConversions", c.max_conversions}, {"hard", c.hard}};
  return out;
}

std::string inbound_postback_url(const Brand& brand, const std::string& offer_id) {
  std::string base = brand.postback_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + brand.slug + "/" + offer_id +
         "?click_id={CLICK_ID}&txn_id={TXN_ID}&amount={AMOUNT}&event={EVENT_TYPE}";
}

std::string click_url(const Brand& brand, const std::string& offer_id) {
  std::string base = click_base(brand);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/c/" + brand.slug + "/" + offer_id + "/{PARTNER_ID}";
}

mcp::json offer_config(store::Store& st, const Brand& brand, const Offer& offer) {
  mcp::json partner_payouts = mcp::json::array();
  SQLite::Statement p(st.db,
                      "SELECT partner_id, payout_type, payout_value FROM tr_payout_override WHERE offer_id = ? "
                      "ORDER BY partner_id");
  p.bind(1, offer.id);
  while (p.executeStep())
    partner_payouts.push_back(
        {{"partnerId", p.getColumn(0).getString()},
         {"payout", payout_rule_json({p.getColumn(1).getString(), p.getColumn(2).getInt64()}, brand)}});
  mcp::json event_payouts = mcp::json::array();
  SQLite::Statement e(st.db,
                      "SELECT event_type, payout_type, payout_value FROM tr_event_payout WHERE offer_id = ? "
                      "ORDER BY event_type");
  e.bind(1, offer.id);
  while (e.executeStep())
    event_payouts.push_back(
        {{"eventType", e.getColumn(0).getString()},
         {"payout", payout_rule_json({e.getColumn(1).getString(), e.getColumn(2).getInt64()}, brand)}});
  // nlohmann::json keeps object keys sorted, so dump() of this is byte-identical on every call.
  return {{"offerId", offer.id},
          {"name", offer.name},
          {"status", offer.status},
          {"currency", std::string(brand.currency.code)},
          {"destinationUrl", offer.destination_url},
          {"payout", payout_rule_json(offer.payout, brand)},
          {"partnerPayouts", partner_payouts},
          {"eventPayouts", event_payouts},
          {"caps", caps_json(offer_caps(st, offer.id))},
          {"clickUrl", click_url(brand, offer.id)},
          {"postbackUrl", inbound_postback_url(brand, offer.id)},
          {"postbackUrlTemplate", offer.postback_url_template ? mcp::json(*offer.postback_url_template) : mcp::json(nullptr)},
          {"postbackSecretSet", offer.secret_set},
          {"allowedPostbackIps", offer.allowed_ips},
          {"targeting", {{"geo", offer.geo}, {"devices", offer.devices}}},
          {"createdAt", offer.created_at}};
}

std::optional<std::string> offer_secret(store::Store& st, const std::string& offer_id) {
  SQLite::Statement q(st.db, "SELECT postback_secret FROM tr_offer WHERE id = ?");
  q.bind(1, offer_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getString();
}

}  // namespace tally::affiliate
