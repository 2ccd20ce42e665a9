#include "rewards/offer_store.h"

#include <SQLiteCpp/Statement.h>

#include "rewards/units.h"
#include "store/money.h"

namespace tally::rewards {

using mcp::json;

void insert_offer(store::Store& st, const Offer& o, const std::string& merchant_fold) {
  SQLite::Statement q(st.db, R"sql(
INSERT INTO fs_offer (id, workspace_id, card_id, merchant, merchant_fold, category, kind, value,
                      min_spend_minor, max_reward_minor, description, expires_on, used_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  q.bind(1, o.id);
  q.bind(2, st.workspace_id);
  q.bind(3, o.card_id);
  q.bind(4, o.merchant);
  q.bind(5, merchant_fold);
  q.bind(6, o.category);
  q.bind(7, o.kind);
  q.bind(8, o.value);
  if (o.min_spend_minor) q.bind(9, *o.min_spend_minor);
  if (o.max_reward_minor) q.bind(10, *o.max_reward_minor);
  q.bind(11, o.description);
  q.bind(12, o.expires_on);
  if (o.used_at) q.bind(13, *o.used_at);
  q.bind(14, st.clock.now_iso());
  q.exec();
}

namespace {

constexpr const char* kSelect =
    "SELECT o.id, o.card_id, c.display_name, o.merchant, o.category, o.kind, o.description, "
    "c.currency, o.value, o.min_spend_minor, o.max_reward_minor, o.expires_on, o.used_at "
    "FROM fs_offer o JOIN card c ON c.id = o.card_id ";

Offer read_offer(SQLite::Statement& q) {
  Offer o;
  o.id = q.getColumn(0).getString();
  o.card_id = q.getColumn(1).getString();
  o.card_name = q.getColumn(2).getString();
  o.merchant = q.getColumn(3).getString();
  o.category = q.getColumn(4).getString();
  o.kind = q.getColumn(5).getString();
  o.description = q.getColumn(6).getString();
  o.currency = q.getColumn(7).getString();
  o.value = q.getColumn(8).getInt64();
  if (!q.getColumn(9).isNull()) o.min_spend_minor = q.getColumn(9).getInt64();
  if (!q.getColumn(10).isNull()) o.max_reward_minor = q.getColumn(10).getInt64();
  o.expires_on = q.getColumn(11).getString();
  if (!q.getColumn(12).isNull()) o.used_at = q.getColumn(12).getString();
  return o;
}

}  // namespace

OfferPage list_offers(store::Store& st, const OfferFilter& f, const std::string& today) {
  std::string sql = std::string(kSelect) + "WHERE o.workspace_id = ?";
  if (!f.include_expired) sql += " AND o.expires_on >= ?";
  if (!f.include_used) sql += " AND o.used_at IS NULL";
  if (f.category) sql += " AND o.category = ?";
  if (f.merchant_fold) sql += " AND instr(o.merchant_fold, ?) > 0";
  sql += " ORDER BY o.expires_on, o.id LIMIT ?";
  SQLite::Statement q(st.db, sql);
  int i = 1;
  q.bind(i++, st.workspace_id);
  if (!f.include_expired) q.bind(i++, today);
  if (f.category) q.bind(i++, *f.category);
  if (f.merchant_fold) q.bind(i++, *f.merchant_fold);
  q.bind(i, f.limit + 1);
  OfferPage page;
  while (q.executeStep()) {
    if (static_cast<int>(page.rows.size()) == f.limit) {
      page.truncated = true;
      break;
    }
    page.rows.push_back(read_offer(q));
  }
  return page;
}

std::vector<Offer> active_offers_matching(store::Store& st, const std::string& merchant_fold,
                                          const std::string& today) {
  SQLite::Statement q(st.db, std::string(kSelect) +
                                 "WHERE o.workspace_id = ?1 AND o.expires_on >= ?2 AND o.used_at IS NULL "
                                 "AND (instr(o.merchant_fold, ?3) > 0 OR instr(?3, o.merchant_fold) > 0) "
                                 "ORDER BY o.expires_on, o.id");
  q.bind(1, st.workspace_id);
  q.bind(2, today);
  q.bind(3, merchant_fold);
  std::vector<Offer> offers;
  while (q.executeStep()) offers.push_back(read_offer(q));
  return offers;
}

std::string describe_offer(const Offer& o) {
  const store::Currency currency = currency_of(o.currency);
  std::string text;
  if (o.kind == "percent") {
    text = scaled_text(o.value, 2) + "% back at " + o.merchant;
    if (o.min_spend_minor) text += " on " + money_text(*o.min_spend_minor, currency) + " or more";
    if (o.max_reward_minor) text += ", up to " + money_text(*o.max_reward_minor, currency);
  } else if (o.min_spend_minor) {
    text = "Spend " + money_text(*o.min_spend_minor, currency) + ", get " + money_text(o.value, currency) +
           " back at " + o.merchant;
  } else {
    text = money_text(o.value, currency) + " back at " + o.merchant;
  }
  return text;
}

json offer_json(const Offer& o, const std::string& today) {
  const store::Currency currency = currency_of(o.currency);
  auto money_or_null = [&](const std::optional<std::int64_t>& v) {
    return v ? store::money_json(*v, currency) : json(nullptr);
  };
  bool open_ended = o.expires_on == kNoExpiry;
  return json{{"id", o.id},
              {"cardId", o.card_id},
              {"cardName", o.card_name},
              {"merchant", o.merchant},
              {"category", o.category},
              {"description", o.description},
              {"kind", o.kind},
              {"percentBack", o.kind == "percent" ? json(scaled_text(o.value, 2)) : json(nullptr)},
              {"fixedReward", o.kind == "fixed" ? store::money_json(o.value, currency) : json(nullptr)},
              {"minSpend", money_or_null(o.min_spend_minor)},
              {"maxReward", money_or_null(o.max_reward_minor)},
              {"expiresOn", open_ended ? json(nullptr) : json(o.expires_on)},
              {"expired", !open_ended && o.expires_on < today},
              {"used", o.used_at.has_value()},
              {"usedAt", o.used_at ? json(*o.used_at) : json(nullptr)}};
}

json offer_schema() {
  return json{
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"cardId", {{"type", "string"}}},
        {"cardName", {{"type", "string"}}},
        {"merchant", {{"type", "string"}}},
        {"category", {{"type", "string"}}},
        {"description", {{"type", "string"}}},
        {"kind", {{"type", "string"}, {"enum", {"percent", "fixed"}}}},
        {"percentBack", {{"type", {"string", "null"}}, {"description", "Exact percent, e.g. \"10\" or \"12.5\""}}},
        {"fixedReward", store::nullable_money_schema(kMoneyWording, "A fixed reward")},
        {"minSpend", store::nullable_money_schema(kMoneyWording, "Minimum purchase to qualify")},
        {"maxReward", store::nullable_money_schema(kMoneyWording, "Cap on a percent offer's reward")},
        {"expiresOn", {{"type", {"string", "null"}}, {"description", "Last valid day; null when open-ended"}}},
        {"expired", {{"type", "boolean"}}},
        {"used", {{"type", "boolean"}}},
        {"usedAt", {{"type", {"string", "null"}}}}}},
      {"required", {"id", "cardId", "merchant", "category", "kind", "expiresOn", "used"}}};
}

}  // namespace tally::rewards
