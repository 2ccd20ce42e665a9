#include "affiliate/fraud_score.h"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "store/clock.h"

namespace tally::affiliate {

namespace {
struct Rule {
  const char* name;
  int points;
  const char* meaning;
};
constexpr Rule kRules[] = {
    {"click_to_conversion_under_10s", 40, "the attributed click came under 10 seconds before the conversion"},
    {"ip_over_3_conversions_24h", 30, "the click's IP already had 3 or more conversions in the previous 24 hours"},
    {"txn_id_seen", 50, "the txn_id was already recorded for this brand"},
    {"amount_over_10x_median", 20, "the sale is over 10 times the offer's median sale (5 or more earlier conversions)"},
    {"coupon_exhausted", 30, "the coupon named in the postback had no uses left"},
    {"coupon_expired", 30, "the coupon named in the postback had expired"},
};
int points(const std::string& name) {
  for (const auto& r : kRules)
    if (name == r.name) return r.points;
  return 0;
}

bool txn_seen(store::Store& st, const Brand& brand, const std::string& txn) {
  SQLite::Statement q(st.db, "SELECT 1 FROM tr_conversion WHERE brand_id = ? AND txn_ref = ? LIMIT 1");
  q.bind(1, brand.id);
  q.bind(2, txn);
  return q.executeStep();
}

std::int64_t conversions_from_ip(store::Store& st, const Brand& brand, const std::string& ip, std::int64_t at_ms) {
  SQLite::Statement q(st.db,
                      "SELECT count(*) FROM tr_conversion WHERE brand_id = ? AND ip = ? AND created_at > ? "
                      "AND created_at <= ?");
  q.bind(1, brand.id);
  q.bind(2, ip);
  q.bind(3, store::format_iso_ms(at_ms - 24LL * 3600 * 1000));
  q.bind(4, store::format_iso_ms(at_ms));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::optional<std::int64_t> median_sale(store::Store& st, const std::string& offer_id) {
  SQLite::Statement n(st.db, "SELECT count(*) FROM tr_conversion WHERE offer_id = ? AND status <> 'rejected'");
  n.bind(1, offer_id);
  n.executeStep();
  std::int64_t count = n.getColumn(0).getInt64();
  if (count < 5) return std::nullopt;
  SQLite::Statement q(st.db,
                      "SELECT sale_minor FROM tr_conversion WHERE offer_id = ? AND status <> 'rejected' "
                      "ORDER BY sale_minor LIMIT 1 OFFSET ?");
  q.bind(1, offer_id);
  q.bind(2, (count - 1) / 2);
  q.executeStep();
  return q.getColumn(0).getInt64();
}
}  // namespace

FraudResult score_conversion(store::Store& st, const Brand& brand, const FraudSignals& s) {
  FraudResult r;
  auto add = [&r](const char* rule) {
    r.reasons.push_back(rule);
    r.score = std::min(100, r.score + points(rule));
  };
  if (s.click_ms && s.at_ms - *s.click_ms < 10'000) add("click_to_conversion_under_10s");
  if (s.ip && conversions_from_ip(st, brand, *s.ip, s.at_ms) >= 3) add("ip_over_3_conversions_24h");
  if (s.txn_ref && txn_seen(st, brand, *s.txn_ref)) add("txn_id_seen");
  if (auto median = median_sale(st, s.offer_id);
      median && static_cast<__int128>(s.sale_minor) > static_cast<__int128>(*median) * 10)
    add("amount_over_10x_median");
  if (s.coupon_problem == "exhausted") add("coupon_exhausted");
  if (s.coupon_problem == "expired") add("coupon_expired");
  return r;
}

mcp::json fraud_rules_json() {
  mcp::json rules = mcp::json::array();
  for (const auto& r : kRules) rules.push_back({{"rule", r.name}, {"points", r.points}, {"meaning", r.meaning}});
  return rules;
}

}  // namespace tally::affiliate
