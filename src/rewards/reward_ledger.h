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
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/json_text.h"
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

/// A row as SQLite holds it: valid only while it is being visited.
struct RewardRowView {
  std::string_view id, card_id, card_name, type, unit;
  std::int64_t amount = 0;
  std::string_view currency;
  std::optional<std::string_view> note;
  std::string_view created_at;
};
RewardRowView view_of(const RewardTxn& row);

/// Visits up to filter.limit rows, newest first, without copying them; returns
/// true when older rows remain (the page is truncated).
bool visit_rewards(store::Store& st, const RewardFilter& filter,
                   const std::function<void(const RewardRowView&)>& visit);

mcp::json reward_json(const RewardTxn& row);
/// reward_json(row) written as compact text (the same bytes).
void write_reward(mcp::JsonText& out, const RewardRowView& row);
mcp::json reward_schema();

/// ISO instant → microseconds since the epoch (digits past µs round up, so
/// "older than" keeps its meaning); nullopt when not an ISO date-time.
std::optional<std::int64_t> iso_to_us(const std::string& text);
/// Microseconds → 2026-03-15T12:00:00.000001Z.
std::string us_to_iso(std::int64_t us);

}  // namespace tally::rewards
