#include "rewards/reward_ledger.h"

#include <SQLiteCpp/Statement.h>

#include <stdexcept>
#include <vector>

#include "mcp/tool.h"
#include "rewards/units.h"
#include "store/clock.h"
#include "store/money.h"

namespace tally::rewards {

using mcp::json;

std::optional<std::int64_t> iso_to_us(const std::string& text) {
  std::int64_t ms;
  if (text.size() < 19 || !store::parse_iso_ms(text, ms)) return std::nullopt;
  std::int64_t us = ms * 1000;  // parse_iso_ms reads three fraction digits
  if (text.size() > 20 && text[19] == '.') {
    std::int64_t extra = 0;
    int position = 0;
    bool beyond = false;
    for (std::size_t i = 20; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++position) {
      if (position >= 3 && position < 6) extra = extra * 10 + (text[i] - '0');
      else if (position >= 6 && text[i] != '0') beyond = true;
    }
    for (int k = std::max(0, std::min(position, 6) - 3); k < 3; ++k) extra *= 10;
    us += extra + (beyond ? 1 : 0);
  }
  return us;
}

std::string us_to_iso(std::int64_t us) {
  std::int64_t ms = us >= 0 ? us / 1000 : (us - 999) / 1000;
  int micros = static_cast<int>(us - ms * 1000);
  std::string iso = store::format_iso_ms(ms);  // …:00.000Z
  char tail[8];
  std::snprintf(tail, sizeof tail, "%03dZ", micros);
  return iso.substr(0, iso.size() - 1) + tail;
}

namespace {

std::string next_created_at(store::Store& st) {
  std::int64_t now = st.clock.now_ms() * 1000;
  store::Prepared last = st.prepared("SELECT created_at FROM reward_txn WHERE workspace_id = ? "
                         "ORDER BY created_at DESC LIMIT 1");
  last.bind(1, st.workspace_id);
  if (last.executeStep())
    if (auto previous = iso_to_us(last.getColumn(0).getString()); previous && *previous >= now)
      now = *previous + 1;
  return us_to_iso(now);
}

std::string unit_amount_text(std::int64_t amount, bool points, const store::Currency& currency) {
  return points ? std::to_string(amount) : store::format_minor(amount, currency.exponent);
}

}  // namespace

RewardTxn record_reward(store::Store& st, const Card& card, const std::string& type,
                        std::int64_t amount, const std::optional<std::string>& note) {
  const bool points = card.is_points();
  const store::Currency currency = currency_of(card.currency);
  std::int64_t balance = card.balance();
  if (type == "redeem") {
    if (amount > balance)  // seed 001, Errors: "Insufficient points/cashback to redeem…"
      throw mcp::ToolError("Insufficient " + card.reward_type + " to redeem " +
                           unit_amount_text(amount, points, currency) + " (balance " +
                           unit_amount_text(balance, points, currency) + ").");
    balance -= amount;
  } else {
    if (amount > store::kMaxMinor - balance)
      throw mcp::ToolError("amount: the balance would exceed " +
                           unit_amount_text(store::kMaxMinor, points, currency) + " " + card.reward_type + ".");
    balance += amount;
  }
  RewardTxn row{st.ids.next("rtx"), card.id, card.display_name, type, card.reward_type, amount,
                card.currency, note, next_created_at(st)};
  store::Prepared insert = st.prepared(R"sql(
INSERT INTO reward_txn (id, workspace_id, card_id, type, unit, amount, note, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql");
  insert.bind(1, row.id);
  insert.bind(2, st.workspace_id);
  insert.bind(3, row.card_id);
  insert.bind(4, row.type);
  insert.bind(5, row.unit);
  insert.bind(6, row.amount);
  if (row.note) insert.bind(7, *row.note);
  insert.bind(8, row.created_at);
  insert.exec();
  set_balance(st, card.id, points, balance);
  return row;
}

bool visit_rewards(store::Store& st, const RewardFilter& f, const std::function<void(const RewardRowView&)>& visit) {
  // Built from the filters given, so SQLite can pick reward_txn_by_card for a
  // card and the (workspace_id, created_at) index otherwise; never OFFSET. The
  // card's name and currency are looked up once per card on the page, not
  // joined per row (a page names few cards; the join was a B-tree seek a row).
  std::string sql =
      "SELECT t.id, t.card_id, t.type, t.unit, t.amount, t.note, t.created_at "
      "FROM reward_txn t WHERE t.workspace_id = ?";
  if (f.card_id) sql += " AND t.card_id = ?";
  if (f.type) sql += " AND t.type = ?";
  if (f.unit) sql += " AND t.unit = ?";
  if (f.before) sql += " AND t.created_at < ?";
  sql += " ORDER BY t.created_at DESC LIMIT ?";
  store::Prepared q = st.prepared(sql);
  int i = 1;
  q.bind(i++, st.workspace_id);
  if (f.card_id) q.bind(i++, *f.card_id);
  if (f.type) q.bind(i++, *f.type);
  if (f.unit) q.bind(i++, *f.unit);
  if (f.before) q.bind(i++, *f.before);
  q.bind(i, f.limit + 1);
  auto text = [&q](int column) {
    SQLite::Column c = q.getColumn(column);
    const char* p = c.getText();  // before getBytes, as SQLite asks
    return std::string_view(p, static_cast<std::size_t>(c.getBytes()));
  };
  struct CardNames {
    std::string id, name, currency;
  };
  std::vector<CardNames> cards;  // this page's cards, in order of first appearance
  auto card_of = [&](std::string_view id) -> const CardNames& {
    for (const auto& c : cards)
      if (c.id == id) return c;
    store::Prepared card = st.prepared("SELECT display_name, currency FROM card WHERE id = ?");
    card.bind(1, std::string(id));
    if (!card.executeStep()) throw std::runtime_error("reward transaction on a missing card " + std::string(id));
    cards.push_back({std::string(id), card.getColumn(0).getString(), card.getColumn(1).getString()});
    return cards.back();
  };
  int rows = 0;
  while (q.executeStep()) {
    if (rows++ == f.limit) return true;
    RewardRowView r;
    r.id = text(0);
    r.card_id = text(1);
    const CardNames& card = card_of(r.card_id);
    r.card_name = card.name;
    r.type = text(2);
    r.unit = text(3);
    r.amount = q.getColumn(4).getInt64();
    r.currency = card.currency;
    if (!q.getColumn(5).isNull()) r.note = text(5);
    r.created_at = text(6);
    visit(r);
  }
  return false;
}

RewardRowView view_of(const RewardTxn& t) {
  RewardRowView r{t.id, t.card_id, t.card_name, t.type, t.unit, t.amount, t.currency, std::nullopt, t.created_at};
  if (t.note) r.note = *t.note;
  return r;
}

json reward_json(const RewardTxn& r) {
  // Assigned key by key rather than from an initializer list, which deep-copies
  // every value: this runs once per row of every page.
  json out = json::object();
  out["id"] = r.id;
  out["cardId"] = r.card_id;
  out["cardName"] = r.card_name;
  out["type"] = r.type;
  out["unit"] = r.unit;
  out["amount"] = r.unit == "points" ? json(r.amount) : scaled_number(r.amount, currency_of(r.currency).exponent);
  out["note"] = r.note ? json(*r.note) : json(nullptr);
  out["createdAt"] = r.created_at;
  return out;
}

void write_reward(mcp::JsonText& out, const RewardRowView& r) {
  out.begin_object().key("amount");
  if (r.unit == "points") out.integer(r.amount);
  else out.raw_value(scaled_text(r.amount, currency_of(std::string(r.currency)).exponent));
  out.key("cardId").string(r.card_id).key("cardName").string(r.card_name).key("createdAt").string(r.created_at);
  out.key("id").string(r.id).key("note");
  if (r.note) out.string(*r.note);
  else out.null();
  out.key("type").string(r.type).key("unit").string(r.unit).end_object();
}

json reward_schema() {
  return json{
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"cardId", {{"type", "string"}}},
        {"cardName", {{"type", "string"}}},
        {"type", {{"type", "string"}, {"enum", {"earn", "redeem"}}}},
        {"unit", {{"type", "string"}, {"enum", {"points", "cashback"}}}},
        {"amount", {{"type", "number"}, {"description", "Points, or dollars of cashback"}}},
        {"note", {{"type", {"string", "null"}}}},
        {"createdAt", {{"type", "string"}, {"format", "date-time"}}}}},
      {"required", {"id", "cardId", "type", "unit", "amount", "createdAt"}}};
}

}  // namespace tally::rewards
