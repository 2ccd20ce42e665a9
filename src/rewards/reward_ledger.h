#pragma once
// Earn and redeem rows (reward_txn) and the card balance they move, together:
// `current = Σearn − Σredeem` holds after every commit (domain.md §2
// Finstracker), and `tally doctor` checks it.
//
// Paging: created_at is a UTC ISO string with microseconds, strictly
// increasing per workspace (+1 µs when the clock has not moved, as under
// TALLY_NOW). So `before` (seed: an ISO datetime, "items older than this")
// splits the rows exactly, and nextCursor is simply the createdAt of the
// page's last row: passed back as `before`, every row is returned once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "rewards/card_store.h"
#include "store/store.h"

namespace tally::rewards {

struct RewardTxn {
  std::string id, card_id, card_name, type, unit;
  std::int64_t amount = 0;  ///< points, or minor units of `currency` for cashback
  std::string currency;
  std::optional<std::string> note;
  std::string created_at;
};

/// Writes an earn or redeem of `amount` (> 0, in the card's unit) and the new
/// balance. The caller holds the IMMEDIATE transaction. Throws ToolError
/// "Insufficient points to redeem 500 (balance 420)." when a redeem exceeds it.
RewardTxn record_reward(store::Store& st, const Card& card, const std::string& type,
                        std::int64_t amount, const std::optional<std::string>& note);

struct RewardFilter {
  std::optional<std::string> card_id, type, unit;
  std::optional<std::string> before;  ///< canonical (microsecond) ISO instant
  int limit = 50;
};

struct RewardPage {
  std::vector<RewardTxn> rows;  ///< newest first
  bool truncated = false;
};

RewardPage list_rewards(store::Store& st, const RewardFilter& filter);

mcp::json reward_json(const RewardTxn& row);
mcp::json reward_schema();

/// ISO instant → microseconds since the epoch (digits past µs round up, so
/// "older than" keeps its meaning); nullopt when not an ISO date-time.
std::optional<std::int64_t> iso_to_us(const std::string& text);
/// Microseconds → 2026-03-15T12:00:00.000001Z.
std::string us_to_iso(std::int64_t us);

}  // namespace tally::rewards
