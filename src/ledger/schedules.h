#pragma once
// Recurring transactions (issue 20 item 1): a schedule is a create-draft
// tool's arguments plus a recurrence rule. This file holds their rows; the
// template (schedule_template.h) and the catch-up (schedule_runs.h) use them.
#include <optional>
#include <string>
#include <vector>

#include "ledger/recurrence.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Schedule {
  std::string id;
  std::string name;
  std::string tool;     ///< an extrack_create_*_draft tool
  mcp::json arguments;  ///< its arguments, date aside, amounts as exact decimal text
  Rule rule;
  bool auto_post = false;
  /// Every occurrence up to this day was created or skipped.
  std::optional<std::string> done_through;
  std::string created_at;
  std::string updated_at;
};

struct Occurrence {
  std::string date;
  std::string status;  ///< drafted, posted, skipped, failed
  bool late = false;
  std::optional<std::string> draft_id;
  std::optional<std::string> transaction_id;
  std::string message;
};

std::optional<Schedule> find_schedule(store::Store& st, const std::string& id);
/// Throws ToolError `Schedule not found: scheduleId "…"`.
Schedule require_schedule(store::Store& st, const std::string& id);
/// The workspace's schedules, oldest first.
std::vector<Schedule> list_schedules(store::Store& st);
/// Sets id, created_at and updated_at.
void insert_schedule(store::Store& st, Schedule& s);
void update_schedule(store::Store& st, Schedule& s);
void delete_schedule(store::Store& st, const std::string& id);

/// The first occurrence neither created nor skipped yet, if the rule has one.
std::optional<std::string> next_due(store::Store& st, const Schedule& s);
/// Occurrences due by `today` and not yet created or skipped (at most `limit` counted).
std::vector<std::string> due_dates(store::Store& st, const Schedule& s, const std::string& through,
                                   std::size_t limit);

std::optional<Occurrence> find_occurrence(store::Store& st, const std::string& schedule_id,
                                          const std::string& date);
std::optional<Occurrence> last_occurrence(store::Store& st, const std::string& schedule_id);
/// Inserts the row unless one exists for (schedule, date); returns whether it did.
bool insert_occurrence(store::Store& st, const std::string& schedule_id, const Occurrence& o);
/// Moves done_through forward to `date` (never back).
void advance(store::Store& st, const std::string& schedule_id, const std::string& date);
std::int64_t count_occurrences(store::Store& st, const std::string& schedule_id);

mcp::json schedule_json(store::Store& st, const Schedule& s);
mcp::json schedule_output_schema();

}  // namespace tally::ledger
