#include "affiliate/conversions.h"
#include "affiliate/outbox.h"
#include "affiliate/tool_support.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"
#include "store/money.h"

namespace tally::affiliate {

namespace {
constexpr const char* kColumns =
    "c.id, c.offer_id, c.partner_id, c.click_id, c.txn_ref, c.event_type, c.sale_minor, c.payout_minor, "
    "c.status, c.reject_reason, c.fraud_score, c.fraud_flagged, c.fraud_reasons, c.over_cap, k.code, "
    "c.payout_id, c.day, c.created_at";

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

Conversion read_conversion(SQLite::Statement& q) {
  Conversion c;
  c.id = q.getColumn(0).getString();
  c.offer_id = q.getColumn(1).getString();
  c.partner_id = q.getColumn(2).getString();
  c.click_id = opt_text(q.getColumn(3));
  c.txn_ref = opt_text(q.getColumn(4));
  c.event_type = q.getColumn(5).getString();
  c.sale_minor = q.getColumn(6).getInt64();
  c.payout_minor = q.getColumn(7).getInt64();
  c.status = q.getColumn(8).getString();
  c.reject_reason = opt_text(q.getColumn(9));
  if (!q.getColumn(10).isNull()) c.fraud_score = q.getColumn(10).getInt();
  c.fraud_flagged = q.getColumn(11).getInt() != 0;
  c.fraud_reasons = mcp::json::parse(q.getColumn(12).getString());
  c.over_cap = q.getColumn(13).getInt() != 0;
  c.coupon_code = opt_text(q.getColumn(14));
  c.payout_id = opt_text(q.getColumn(15));
  c.day = q.getColumn(16).getString();
  c.created_at = q.getColumn(17).getString();
  return c;
}

}  // namespace

std::optional<Conversion> find_conversion(store::Store& st, const Brand& brand, const std::string& id) {
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns +
                                 " FROM tr_conversion c LEFT JOIN tr_coupon k ON k.id = c.coupon_id "
                                 "WHERE c.id = ? AND c.brand_id = ?");
  q.bind(1, id);
  q.bind(2, brand.id);
  if (!q.executeStep()) return std::nullopt;
  return read_conversion(q);
}

Conversion require_conversion(store::Store& st, const Brand& brand, const std::string& id) {
  auto c = find_conversion(st, brand, id);
  if (!c) throw mcp::ToolError("Conversion not found.");
  return *c;
}

mcp::json conversion_json(const Conversion& c, const Brand& brand) {
  return {{"conversionId", c.id},
          {"offerId", c.offer_id},
          {"partnerId", c.partner_id},
          {"clickId", opt_json(c.click_id)},
          {"txnId", opt_json(c.txn_ref)},
          {"eventType", c.event_type},
          {"sale", store::money_json(c.sale_minor, brand.currency)},
          {"payout", store::money_json(c.payout_minor, brand.currency)},
          {"status", c.status},
          {"rejectReason", opt_json(c.reject_reason)},
          {"fraudScore", c.fraud_score ? mcp::json(*c.fraud_score) : mcp::json(nullptr)},
          {"fraudFlagged", c.fraud_flagged},
          {"fraudReasons", c.fraud_reasons},
          {"overCap", c.over_cap},
          {"couponCode", opt_json(c.coupon_code)},
          {"payoutId", opt_json(c.payout_id)},
          {"day", c.day},
          {"createdAt", c.created_at}};
}

mcp::json list_conversions(store::Store& st, const Brand& brand, const ConversionQuery& query) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM tr_conversion c LEFT JOIN tr_coupon k ON k.id = c.coupon_id WHERE c.brand_id = ?";
  if (!query.statuses.empty()) {
    sql += " AND c.status IN (";
    for (std::size_t i = 0; i < query.statuses.size(); ++i) sql += i == 0 ? "?" : ",?";
    sql += ")";
  }
  if (query.offer_id) sql += " AND c.offer_id = ?";
  if (query.partner_id) sql += " AND c.partner_id = ?";
  std::string after_created, after_id;
  if (query.cursor) {
    SQLite::Statement at(st.db, "SELECT created_at, id FROM tr_conversion WHERE id = ? AND brand_id = ?");
    at.bind(1, *query.cursor);
    at.bind(2, brand.id);
    if (!at.executeStep())
      throw mcp::ToolError("cursor: not a nextCursor from an earlier page of this brand's conversions");
    after_created = at.getColumn(0).getString();
    after_id = at.getColumn(1).getString();
    sql += " AND (c.created_at, c.id) < (?, ?)";
  }
  sql += " ORDER BY c.created_at DESC, c.id DESC LIMIT ?";

  SQLite::Statement q(st.db, sql);
  int i = 1;
  q.bind(i++, brand.id);
  for (const auto& s : query.statuses) q.bind(i++, s);
  if (query.offer_id) q.bind(i++, *query.offer_id);
  if (query.partner_id) q.bind(i++, *query.partner_id);
  if (query.cursor) {
    q.bind(i++, after_created);
    q.bind(i++, after_id);
  }
  q.bind(i++, query.limit + 1);

  mcp::json items = mcp::json::array();
  std::string last_id;
  bool truncated = false;
  while (q.executeStep()) {
    if (static_cast<int>(items.size()) == query.limit) {
      truncated = true;
      break;
    }
    Conversion c = read_conversion(q);
    last_id = c.id;
    mcp::json item = conversion_json(c, brand);
    item["postbacks"] = postback_deliveries(st, c.id);
    items.push_back(std::move(item));
  }
  mcp::json out = {{"currency", std::string(brand.currency.code)},
                   {"count", items.size()},
                   {"conversions", std::move(items)},
                   {"truncated", truncated}};
  if (truncated) out["nextCursor"] = last_id;
  return out;
}

}  // namespace tally::affiliate
