#include "affiliate/postback_sender.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>

#include "affiliate/secret.h"
#include "store/clock.h"
#include "store/database.h"

namespace tally::affiliate {

namespace {

constexpr std::int64_t kLeaseMs = 60'000;  // longer than one attempt's timeout
constexpr int kBatch = 16;

/// The host of a URL for the log: never the path or query, which may carry a token.
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return "?";
  start += 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  return authority;
}

}  // namespace

PostbackSender::PostbackSender(std::string db_path, SenderOptions options, const store::Clock& clock)
    : db_path_(std::move(db_path)),
      clock_(clock),
      options_(options),
      holder_(random_hex(8)),
      thread_([this] { run(); }) {}

PostbackSender::~PostbackSender() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  abort_ = true;
  cv_.notify_all();
  thread_.join();
}

void PostbackSender::run() {
  std::unique_ptr<SQLite::Database> db;
  bool held = false;
  {
    // The first look waits one poll: opening the ledger here parses its whole
    // schema (~9 M instructions), which at once would compete on two cores with
    // the server answering `initialize`. The sender finds every postback by
    // polling anyway; the first is found one poll later, as a new one would be.
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.poll, [this] { return stop_; });
    if (stop_) return;
  }
  for (;;) {
    bool busy = false;  // sent something: look again at once
    std::int64_t wait_ms = options_.poll.count();
    try {
      if (!db) db = store::open_database(db_path_);
      // An idle server only reads: the lease is taken (a write) when something is due.
      const std::int64_t now = wall_clock_ms();
      const auto due = next_due_ms(*db);
      if (due && *due > now) wait_ms = std::min<std::int64_t>(wait_ms, *due - now);
      if (due && *due <= now) {
        const bool mine = take_outbox_lease(*db, holder_, now, kLeaseMs);
        if (mine != held)
          spdlog::info(mine ? "postback sender: sending this ledger's postbacks"
                            : "postback sender: another server sends them");
        held = mine;
        for (const OutboxRow& row :
             mine ? due_postbacks(*db, now, kBatch) : std::vector<OutboxRow>{}) {
          if (abort_ || !take_outbox_lease(*db, holder_, wall_clock_ms(), kLeaseMs)) break;
          AttemptOutcome outcome = deliver_postback(row.url, options_.delivery, &abort_);
          if (abort_ && !outcome.delivered)
            break;  // shutting down: the row stays queued for the next server
          record_attempt(*db, row, outcome, options_.retry, wall_clock_ms(),
                         clock_.now_iso(), false);
          if (outcome.delivered)
            spdlog::info("postback {} ({}) delivered to {}", row.id, row.lifecycle,
                         host_of(row.url));
          else
            spdlog::warn("postback {} ({}) to {}, attempt {}: {}", row.id, row.lifecycle,
                         host_of(row.url), row.attempts + 1, outcome.error);
          busy = true;
        }
      }
    } catch (const std::exception& e) {
      // A busy or briefly unavailable ledger: try again on the next round.
      spdlog::warn("postback sender: {}", e.what());
    }
    std::unique_lock lock(mu_);
    if (stop_) break;
    if (!busy)
      cv_.wait_for(lock, std::chrono::milliseconds(std::max<std::int64_t>(wait_ms, 1)),
                   [this] { return stop_; });
    if (stop_) break;
  }
  if (db && held) {
    try {
      release_outbox_lease(*db, holder_);
    } catch (const std::exception& e) {
      spdlog::warn("postback sender: could not give up the lease: {}", e.what());
    }
  }
}

}  // namespace tally::affiliate
