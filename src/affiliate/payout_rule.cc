#include "affiliate/payout_rule.h"

#include <SQLiteCpp/Statement.h>

#include "affiliate/text.h"
#include "mcp/tool.h"
#include "store/money.h"

namespace tally::affiliate {

PayoutRule parse_payout_rule(const mcp::Args& args, const std::string& type, const Brand& brand) {
  std::string text = args.decimal_text("payout");
  std::string error;
  if (type == "percent") {
    auto bp = parse_percent_bp(text, error);
    if (!bp) throw mcp::ToolError(args.path_of("payout") + ": " + error);
    return {"percent", *bp};
  }
  auto minor = store::parse_minor(text, brand.currency, error);
  if (!minor) throw mcp::ToolError(args.path_of("payout") + ": " + error);
  if (*minor < 0) throw mcp::ToolError(args.path_of("payout") + ": must be 0 or more (got " + text + ")");
  return {"fixed", *minor};
}

mcp::json payout_rule_json(const PayoutRule& rule, const Brand& brand) {
  if (rule.type == "percent")
    return {{"type", "percent"}, {"percent", format_percent_bp(rule.value)}, {"basisPoints", rule.value}};
  return {{"type", "fixed"}, {"amount", store::money_json(rule.value, brand.currency)}};
}

std::int64_t payout_for(const PayoutRule& rule, std::int64_t sale_minor) {
  if (rule.type == "fixed") return rule.value;
  __int128 product = static_cast<__int128>(sale_minor) * rule.value;
  return static_cast<std::int64_t>((product + 5000) / 10000);  // sale, bp ≥ 0: half-up
}

EffectiveRule effective_rule(store::Store& st, const std::string& offer_id, const std::string& partner_id,
                             const std::string& event_type) {
  SQLite::Statement partner(st.db,
                            "SELECT payout_type, payout_value FROM tr_payout_override WHERE offer_id = ? AND partner_id = ?");
  partner.bind(1, offer_id);
  partner.bind(2, partner_id);
  if (partner.executeStep())
    return {{partner.getColumn(0).getString(), partner.getColumn(1).getInt64()}, "partner"};
  SQLite::Statement event(st.db,
                          "SELECT payout_type, payout_value FROM tr_event_payout WHERE offer_id = ? AND event_type = ?");
  event.bind(1, offer_id);
  event.bind(2, event_type);
  if (event.executeStep()) return {{event.getColumn(0).getString(), event.getColumn(1).getInt64()}, "event"};
  SQLite::Statement offer(st.db, "SELECT payout_type, payout_value FROM tr_offer WHERE id = ?");
  offer.bind(1, offer_id);
  offer.executeStep();
  return {{offer.getColumn(0).getString(), offer.getColumn(1).getInt64()}, "offer"};
}

}  // namespace tally::affiliate
