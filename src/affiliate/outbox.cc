#include "affiliate/outbox.h"

#include <algorithm>
#include <random>

#include <SQLiteCpp/Statement.h>

#include "affiliate/text.h"
#include "affiliate/tool_support.h"
#include "store/clock.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::affiliate {

namespace {

constexpr const char* kRowColumns =
    "seq, brand_id, conversion_id, lifecycle, url, state, attempts, next_attempt_ms, "
    "last_http_status, last_error, "
    "created_at, delivered_at";

// A queued row that can be sent now: the oldest queued one of its conversion (the
// ones behind it wait for it, so a conversion's events arrive in order).
constexpr const char* kSendable =
    " FROM tr_postback_outbox o WHERE state = 'queued' AND NOT EXISTS (SELECT 1 FROM tr_postback_outbox p "
    "WHERE p.conversion_id = o.conversion_id AND p.state = 'queued' AND p.seq < o.seq)";

OutboxRow read_row(SQLite::Statement& q) {
  OutboxRow r;
  r.id = q.getColumn(0).getInt64();
  r.brand_id = q.getColumn(1).getString();
  r.conversion_id = q.getColumn(2).getString();
  r.lifecycle = q.getColumn(3).getString();
  r.url = q.getColumn(4).getString();
  r.state = q.getColumn(5).getString();
  r.attempts = q.getColumn(6).getInt();
  r.next_attempt_ms = q.getColumn(7).getInt64();
  if (!q.getColumn(8).isNull()) r.last_http_status = q.getColumn(8).getInt();
  if (!q.getColumn(9).isNull()) r.last_error = q.getColumn(9).getString();
  r.created_at = q.getColumn(10).getString();
  if (!q.getColumn(11).isNull()) r.delivered_at = q.getColumn(11).getString();
  return r;
}

/// base·2^(attempts-1), at most six hours, then "equal jitter": a random point in its
/// upper half, so many deliveries failing together do not retry together.
std::int64_t backoff_ms(const RetryPolicy& policy, int attempts) {
  constexpr std::int64_t kCap = 6LL * 3600 * 1000;
  std::int64_t delay = std::max<std::int64_t>(policy.base_ms, 1);
  for (int i = 1; i < attempts && delay < kCap; ++i) delay *= 2;
  delay = std::min(delay, kCap);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return delay / 2 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(delay / 2 + 1));
}

}  // namespace

std::string fill_postback_template(std::string_view tmpl, const PostbackFields& f) {
  const std::pair<std::string_view, const std::string*> values[] = {
      {"{CLICK_ID}", &f.click_id}, {"{CONVERSION_ID}", &f.conversion_id}, {"{AMOUNT}", &f.amount},
      {"{TXN_ID}", &f.txn_id},     {"{EVENT_TYPE}", &f.event_type},       {"{STATUS}", &f.status}};
  std::string out;
  out.reserve(tmpl.size() + 64);
  for (std::size_t i = 0; i < tmpl.size();) {
    bool replaced = false;
    if (tmpl[i] == '{') {
      for (const auto& [name, value] : values) {
        if (tmpl.substr(i, name.size()) == name) {
          out += percent_encode(*value);
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += tmpl[i++];
  }
  return out;
}

bool queue_postback(store::Store& st, const Brand& brand, const std::string& conversion_id,
                    std::string_view lifecycle) {
  auto q = st.prepared(
      "SELECT o.postback_url_template, c.click_id, c.txn_ref, c.event_type, c.sale_minor FROM "
      "tr_conversion c "
      "JOIN tr_offer o ON o.id = c.offer_id WHERE c.id = ? AND c.brand_id = ?");
  q->bind(1, conversion_id);
  q->bind(2, brand.id);
  if (!q->executeStep() || q->getColumn(0).isNull()) return false;
  const std::string tmpl = q->getColumn(0).getString();
  if (lifecycle != "recorded" && tmpl.find("{STATUS}") == std::string::npos) return false;
  PostbackFields f;
  f.conversion_id = conversion_id;
  if (!q->getColumn(1).isNull()) f.click_id = q->getColumn(1).getString();
  if (!q->getColumn(2).isNull()) f.txn_id = q->getColumn(2).getString();
  f.event_type = q->getColumn(3).getString();
  f.amount = store::format_minor(q->getColumn(4).getInt64(), brand.currency.exponent);
  f.status = std::string(lifecycle);
  q.reset();

  auto insert = st.prepared(
      "INSERT INTO tr_postback_outbox (brand_id, conversion_id, lifecycle, url, next_attempt_ms, "
      "created_at) "
      "VALUES (?,?,?,?,?,?)");
  insert->bind(1, brand.id);
  insert->bind(2, conversion_id);
  insert->bind(3, std::string(lifecycle));
  insert->bind(4, fill_postback_template(tmpl, f));
  insert->bind(5,
               static_cast<std::int64_t>(0));  // due at once; the sender orders by it, then by seq
  insert->bind(6, st.clock.now_iso());
  insert->exec();
  return true;
}

mcp::json outbox_row_json(const OutboxRow& r) {
  return {
      {"outboxId", r.id},
      {"conversionId", r.conversion_id},
      {"status", r.lifecycle},
      {"state", r.state},
      {"attempts", r.attempts},
      {"lastHttpStatus", r.last_http_status ? mcp::json(*r.last_http_status) : mcp::json(nullptr)},
      {"lastError", opt_json(r.last_error)},
      {"createdAt", r.created_at},
      {"deliveredAt", opt_json(r.delivered_at)}};
}

mcp::json postback_deliveries(store::Store& st, const std::string& conversion_id) {
  auto q = st.prepared(std::string("SELECT ") + kRowColumns +
                       " FROM tr_postback_outbox WHERE conversion_id = ? ORDER BY seq");
  q->bind(1, conversion_id);
  mcp::json out = mcp::json::array();
  while (q->executeStep()) {
    mcp::json row = outbox_row_json(read_row(q));
    row.erase("conversionId");
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<OutboxRow> due_postbacks(SQLite::Database& db, std::int64_t now_ms, int limit) {
  SQLite::Statement q(db, std::string("SELECT ") + kRowColumns + kSendable +
                              " AND next_attempt_ms <= ? ORDER BY next_attempt_ms, seq LIMIT ?");
  q.bind(1, now_ms);
  q.bind(2, limit);
  std::vector<OutboxRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  return rows;
}

std::optional<std::int64_t> next_due_ms(SQLite::Database& db) {
  SQLite::Statement q(db, std::string("SELECT min(next_attempt_ms)") + kSendable);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<OutboxRow> find_outbox_row(SQLite::Database& db, const std::string& brand_id,
                                         std::int64_t id) {
  SQLite::Statement q(db, std::string("SELECT ") + kRowColumns +
                              " FROM tr_postback_outbox WHERE seq = ? AND brand_id = ?");
  q.bind(1, id);
  q.bind(2, brand_id);
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

std::vector<OutboxRow> list_outbox(SQLite::Database& db, const std::string& brand_id,
                                   bool failed_only, int limit) {
  SQLite::Statement q(
      db, std::string("SELECT ") + kRowColumns + " FROM tr_postback_outbox WHERE brand_id = ?" +
              (failed_only ? " AND state = 'failed'" : "") + " ORDER BY seq DESC LIMIT ?");
  q.bind(1, brand_id);
  q.bind(2, limit);
  std::vector<OutboxRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  return rows;
}

void record_attempt(SQLite::Database& db, const OutboxRow& row, const AttemptOutcome& outcome,
                    const RetryPolicy& policy, std::int64_t now_ms, const std::string& now_iso,
                    bool manual) {
  store::Transaction tx(db);
  SQLite::Statement cur(db, "SELECT state, attempts FROM tr_postback_outbox WHERE seq = ?");
  cur.bind(1, row.id);
  if (!cur.executeStep()) return;
  const std::string state = cur.getColumn(0).getString();
  const int attempts = cur.getColumn(1).getInt() + 1;
  if (state == "delivered" || (state != "queued" && !manual)) return;
  std::string next_state = "queued";
  std::int64_t next_ms = now_ms;
  if (outcome.delivered)
    next_state = "delivered";
  else if (outcome.permanent || attempts >= policy.max_attempts || (manual && state == "failed"))
    next_state = "failed";
  else
    next_ms = now_ms + backoff_ms(policy, attempts);
  SQLite::Statement up(
      db,
      "UPDATE tr_postback_outbox SET state = ?, attempts = ?, next_attempt_ms = ?, "
      "last_http_status = ?, last_error = ?, delivered_at = ? WHERE seq = ?");
  up.bind(1, next_state);
  up.bind(2, attempts);
  up.bind(3, next_ms);
  if (outcome.http_status)
    up.bind(4, *outcome.http_status);
  else
    up.bind(4);
  if (outcome.delivered)
    up.bind(5);
  else
    up.bind(5, outcome.error);
  if (outcome.delivered)
    up.bind(6, now_iso);
  else
    up.bind(6);
  up.bind(7, row.id);
  up.exec();
  tx.commit();
}

bool claim_for_retry(SQLite::Database& db, const OutboxRow& row, std::int64_t now_ms) {
  constexpr std::int64_t kHold = 5LL * 60 * 1000;  // longer than any one attempt takes
  SQLite::Statement up(
      db,
      "UPDATE tr_postback_outbox SET next_attempt_ms = ? WHERE seq = ? AND state <> 'delivered'");
  up.bind(1, now_ms + kHold);
  up.bind(2, row.id);
  return up.exec() == 1;
}

std::int64_t wall_clock_ms() { return store::SystemClock().now_ms(); }

bool take_outbox_lease(SQLite::Database& db, const std::string& holder, std::int64_t now_ms,
                       std::int64_t lease_ms) {
  SQLite::Statement q(
      db,
      "INSERT INTO tr_outbox_lease (name, holder, expires_ms) VALUES ('sender', ?1, ?2) "
      "ON CONFLICT (name) DO UPDATE SET holder = ?1, expires_ms = ?2 "
      "WHERE tr_outbox_lease.holder = ?1 OR tr_outbox_lease.expires_ms < ?3");
  q.bind(1, holder);
  q.bind(2, now_ms + lease_ms);
  q.bind(3, now_ms);
  return q.exec() == 1;
}

void release_outbox_lease(SQLite::Database& db, const std::string& holder) {
  SQLite::Statement q(db, "DELETE FROM tr_outbox_lease WHERE name = 'sender' AND holder = ?");
  q.bind(1, holder);
  q.exec();
}

}  // namespace tally::affiliate
