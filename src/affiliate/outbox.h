#pragma once
// The outbound postback outbox (issue 17): each row is one delivery of an offer's
// postbackUrlTemplate to the advertiser. Rows are written in the same transaction
// as the conversion (or its status change), so a delivery exists exactly when the
// event does; a PostbackSender, or `tally affiliate outbox --retry`, sends them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "affiliate/brand.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::affiliate {

/// The placeholders a postbackUrlTemplate may use. {STATUS} carries the lifecycle.
inline constexpr std::string_view kPostbackPlaceholders[] = {
    "{CLICK_ID}", "{CONVERSION_ID}", "{AMOUNT}", "{TXN_ID}", "{EVENT_TYPE}", "{STATUS}"};

struct PostbackFields {
  std::string click_id;  ///< Tally's clk_… id, "" when attributed by coupon
  std::string conversion_id;
  std::string amount;      ///< the sale in major units, e.g. "49.99"
  std::string txn_id;      ///< the advertiser's txn_id, "" when none
  std::string event_type;  ///< sale, signup, …
  std::string status;      ///< recorded, approved, rejected or paid
};

/// The template with each placeholder replaced by its percent-encoded value.
std::string fill_postback_template(std::string_view tmpl, const PostbackFields& fields);

/// Queues the conversion's postback for `lifecycle` (recorded, approved, rejected, paid)
/// in the caller's transaction. `recorded` is queued whenever the offer has a template;
/// the status changes only when the template uses {STATUS}. Returns whether it queued.
bool queue_postback(store::Store& st, const Brand& brand, const std::string& conversion_id,
                    std::string_view lifecycle);

/// The conversion's deliveries, oldest first: [{outboxId, status, state, attempts,
/// lastHttpStatus, lastError, deliveredAt}]. Empty when its offer has no template.
mcp::json postback_deliveries(store::Store& st, const std::string& conversion_id);

/// One row as the sender and `tally affiliate outbox` see it.
struct OutboxRow {
  std::int64_t id = 0;
  std::string brand_id;
  std::string conversion_id;
  std::string lifecycle;
  std::string url;
  std::string state;
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::optional<int> last_http_status;
  std::optional<std::string> last_error;
  std::string created_at;
  std::optional<std::string> delivered_at;
};
mcp::json outbox_row_json(const OutboxRow& row);

/// Rows due at `now_ms`, at most `limit`, each the oldest queued one of its conversion
/// (so a conversion's events reach the advertiser in order).
std::vector<OutboxRow> due_postbacks(SQLite::Database& db, std::int64_t now_ms, int limit);
/// The earliest time a queued row is due, if any.
std::optional<std::int64_t> next_due_ms(SQLite::Database& db);
std::optional<OutboxRow> find_outbox_row(SQLite::Database& db, const std::string& brand_id,
                                         std::int64_t id);
/// The brand's rows, newest first; only failed ones with `failed_only`.
std::vector<OutboxRow> list_outbox(SQLite::Database& db, const std::string& brand_id,
                                   bool failed_only, int limit);

/// What one attempt came to, written in its own transaction. A row that is no longer
/// queued (acknowledged by someone else meanwhile) is left alone unless `manual`.
struct AttemptOutcome {
  bool delivered = false;
  bool permanent = false;  ///< no point retrying (refused address, not http(s))
  std::optional<int> http_status;
  std::string error;
};
struct RetryPolicy {
  std::int64_t base_ms = 30'000;  ///< first retry after base…2·base (jittered), doubling
  int max_attempts = 8;
};
void record_attempt(SQLite::Database& db, const OutboxRow& row, const AttemptOutcome& outcome,
                    const RetryPolicy& policy, std::int64_t now_ms, const std::string& now_iso,
                    bool manual);
/// `tally affiliate outbox --retry`: takes the row out of the sender's way for a while
/// (next attempt pushed back) so the two never send it together. False when delivered.
bool claim_for_retry(SQLite::Database& db, const OutboxRow& row, std::int64_t now_ms);

/// Retries are scheduled on the real clock, never TALLY_NOW's fixed one: a test's
/// frozen "now" must not freeze its backoff.
std::int64_t wall_clock_ms();

/// The sender's lease: true when `holder` holds it until now + lease_ms (taken or renewed).
bool take_outbox_lease(SQLite::Database& db, const std::string& holder, std::int64_t now_ms,
                       std::int64_t lease_ms);
void release_outbox_lease(SQLite::Database& db, const std::string& holder);

}  // namespace tally::affiliate
