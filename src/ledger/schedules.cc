#include "ledger/schedules.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"

namespace tally::ledger {

using mcp::json;

namespace {

constexpr const char* kColumns =
    "id, name, tool, arguments, every, interval, start_date, day_of_month, end_date, count, "
    "auto_post, "
    "done_through, created_at, updated_at";

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

Schedule read(SQLite::Statement& q) {
  Schedule s;
  s.id = q.getColumn(0).getString();
  s.name = q.getColumn(1).getString();
  s.tool = q.getColumn(2).getString();
  s.arguments = json::parse(q.getColumn(3).getString());
  s.rule.every = q.getColumn(4).getString();
  s.rule.interval = q.getColumn(5).getInt();
  s.rule.start = q.getColumn(6).getString();
  if (!q.getColumn(7).isNull()) s.rule.day_of_month = q.getColumn(7).getInt();
  s.rule.end = opt_text(q.getColumn(8));
  if (!q.getColumn(9).isNull()) s.rule.count = q.getColumn(9).getInt64();
  s.auto_post = q.getColumn(10).getInt() != 0;
  s.done_through = opt_text(q.getColumn(11));
  s.created_at = q.getColumn(12).getString();
  s.updated_at = q.getColumn(13).getString();
  return s;
}

void bind_row(SQLite::Statement& q, const Schedule& s) {
  q.bind(1, s.id);
  q.bind(2, s.name);
  q.bind(3, s.tool);
  q.bind(4, s.arguments.dump());
  q.bind(5, s.rule.every);
  q.bind(6, s.rule.interval);
  q.bind(7, s.rule.start);
  if (s.rule.day_of_month)
    q.bind(8, *s.rule.day_of_month);
  else
    q.bind(8);
  if (s.rule.end)
    q.bind(9, *s.rule.end);
  else
    q.bind(9);
  if (s.rule.count)
    q.bind(10, *s.rule.count);
  else
    q.bind(10);
  q.bind(11, s.auto_post ? 1 : 0);
  if (s.done_through)
    q.bind(12, *s.done_through);
  else
    q.bind(12);
  q.bind(13, s.created_at);
  q.bind(14, s.updated_at);
}

bool has_row(store::Store& st, const std::string& schedule_id, const std::string& date) {
  SQLite::Statement q(st.db,
                      "SELECT 1 FROM schedule_occurrence WHERE schedule_id = ? AND date = ?");
  q.bind(1, schedule_id);
  q.bind(2, date);
  return q.executeStep();
}

Occurrence read_occurrence(SQLite::Statement& q) {
  Occurrence o;
  o.date = q.getColumn(0).getString();
  o.status = q.getColumn(1).getString();
  o.late = q.getColumn(2).getInt() != 0;
  o.draft_id = opt_text(q.getColumn(3));
  o.transaction_id = opt_text(q.getColumn(4));
  o.message = q.getColumn(5).getString();
  return o;
}

}  // namespace

std::optional<Schedule> find_schedule(store::Store& st, const std::string& id) {
  SQLite::Statement q(st.db,
                      std::string("SELECT ") + kColumns + " FROM schedule WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  return read(q);
}

Schedule require_schedule(store::Store& st, const std::string& id) {
  if (auto s = find_schedule(st, id)) return *s;
  throw mcp::ToolError("Schedule not found: scheduleId \"" + id + "\"");
}

std::vector<Schedule> list_schedules(store::Store& st) {
  SQLite::Statement q(
      st.db, std::string("SELECT ") + kColumns + " FROM schedule WHERE ws = ? ORDER BY id");
  q.bind(1, st.workspace_id);
  std::vector<Schedule> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

void insert_schedule(store::Store& st, Schedule& s) {
  s.id = st.ids.next("sch");
  s.created_at = s.updated_at = st.clock.now_iso();
  SQLite::Statement q(st.db, std::string("INSERT INTO schedule (") + kColumns +
                                 ", ws) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_row(q, s);
  q.bind(15, st.workspace_id);
  q.exec();
}

void update_schedule(store::Store& st, Schedule& s) {
  s.updated_at = st.clock.now_iso();
  SQLite::Statement q(
      st.db,
      "UPDATE schedule SET name = ?2, tool = ?3, arguments = ?4, every = ?5, interval = ?6, "
      "start_date = ?7, day_of_month = ?8, end_date = ?9, count = ?10, auto_post = ?11, "
      "done_through = ?12, created_at = ?13, updated_at = ?14 WHERE id = ?1 AND ws = ?15");
  bind_row(q, s);
  q.bind(15, st.workspace_id);
  q.exec();
}

void delete_schedule(store::Store& st, const std::string& id) {
  SQLite::Statement occ(st.db, "DELETE FROM schedule_occurrence WHERE schedule_id = ?");
  occ.bind(1, id);
  occ.exec();
  SQLite::Statement q(st.db, "DELETE FROM schedule WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  q.exec();
}

std::optional<std::string> next_due(store::Store& st, const Schedule& s) {
  std::optional<std::string> cursor = s.done_through;
  // Rows past done_through are future skips: step over them.
  for (;;) {
    auto d = next_occurrence(s.rule, cursor);
    if (!d || !has_row(st, s.id, *d)) return d;
    cursor = d;
  }
}

std::vector<std::string> due_dates(store::Store& st, const Schedule& s, const std::string& through,
                                   std::size_t limit) {
  std::vector<std::string> out;
  std::optional<std::string> cursor = s.done_through;
  while (out.size() < limit) {
    auto batch = occurrences(s.rule, cursor, through, 256);
    if (batch.empty()) break;
    for (const auto& d : batch)
      if (out.size() < limit && !has_row(st, s.id, d)) out.push_back(d);
    cursor = batch.back();
  }
  return out;
}

std::optional<Occurrence> find_occurrence(store::Store& st, const std::string& schedule_id,
                                          const std::string& date) {
  SQLite::Statement q(
      st.db,
      "SELECT date, status, late, draft_id, transaction_id, message FROM schedule_occurrence "
      "WHERE schedule_id = ? AND date = ?");
  q.bind(1, schedule_id);
  q.bind(2, date);
  if (!q.executeStep()) return std::nullopt;
  return read_occurrence(q);
}

std::optional<Occurrence> last_occurrence(store::Store& st, const std::string& schedule_id) {
  SQLite::Statement q(
      st.db,
      "SELECT date, status, late, draft_id, transaction_id, message FROM schedule_occurrence "
      "WHERE schedule_id = ? AND status <> 'skipped' ORDER BY date DESC LIMIT 1");
  q.bind(1, schedule_id);
  if (!q.executeStep()) return std::nullopt;
  return read_occurrence(q);
}

bool insert_occurrence(store::Store& st, const std::string& schedule_id, const Occurrence& o) {
  SQLite::Statement q(
      st.db,
      "INSERT INTO schedule_occurrence (schedule_id, date, status, late, draft_id, transaction_id, "
      "message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (schedule_id, date) DO NOTHING");
  q.bind(1, schedule_id);
  q.bind(2, o.date);
  q.bind(3, o.status);
  q.bind(4, o.late ? 1 : 0);
  if (o.draft_id)
    q.bind(5, *o.draft_id);
  else
    q.bind(5);
  if (o.transaction_id)
    q.bind(6, *o.transaction_id);
  else
    q.bind(6);
  q.bind(7, o.message);
  q.bind(8, st.clock.now_iso());
  return q.exec() == 1;
}

void advance(store::Store& st, const std::string& schedule_id, const std::string& date) {
  SQLite::Statement q(st.db,
                      "UPDATE schedule SET done_through = ?2 WHERE id = ?1 "
                      "AND (done_through IS NULL OR done_through < ?2)");
  q.bind(1, schedule_id);
  q.bind(2, date);
  q.exec();
}

std::int64_t count_occurrences(store::Store& st, const std::string& schedule_id) {
  SQLite::Statement q(
      st.db,
      "SELECT count(*) FROM schedule_occurrence WHERE schedule_id = ? AND status <> 'skipped'");
  q.bind(1, schedule_id);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

namespace {
json occurrence_json(const Occurrence& o) {
  json out{{"date", o.date}, {"status", o.status}, {"late", o.late}};
  if (o.draft_id) out["draftId"] = *o.draft_id;
  if (o.transaction_id) out["transactionId"] = *o.transaction_id;
  if (!o.message.empty()) out["message"] = o.message;
  return out;
}
}  // namespace

json schedule_json(store::Store& st, const Schedule& s) {
  json out{{"id", s.id},
           {"name", s.name},
           {"template", {{"tool", s.tool}, {"arguments", s.arguments}}},
           {"every", s.rule.every},
           {"interval", s.rule.interval},
           {"startDate", s.rule.start},
           {"autoPost", s.auto_post},
           {"createdAt", s.created_at}};
  if (s.rule.day_of_month) out["dayOfMonth"] = *s.rule.day_of_month;
  if (s.rule.end) out["endDate"] = *s.rule.end;
  if (s.rule.count) out["count"] = *s.rule.count;
  auto next = next_due(st, s);
  out["nextDue"] = next ? json(*next) : json(nullptr);
  const std::string today = st.today();
  out["dueNow"] = next && *next <= today ? due_dates(st, s, today, 10000).size() : 0;
  out["occurrencesCreated"] = count_occurrences(st, s.id);
  if (auto last = last_occurrence(st, s.id)) out["lastOccurrence"] = occurrence_json(*last);
  return out;
}

json schedule_output_schema() {
  json text{{"type", "string"}};
  json occurrence{
      {"type", "object"},
      {"properties",
       {{"date", text},
        {"status", {{"type", "string"}, {"enum", {"drafted", "posted", "skipped", "failed"}}}},
        {"late",
         {{"type", "boolean"}, {"description", "created after its day (Tally was not running)"}}},
        {"draftId", text},
        {"transactionId", text},
        {"message", text}}},
      {"required", {"date", "status", "late"}}};
  return {
      {"type", "object"},
      {"properties",
       {{"id", text},
        {"name", text},
        {"template",
         {{"type", "object"},
          {"properties", {{"tool", text}, {"arguments", {{"type", "object"}}}}},
          {"required", {"tool", "arguments"}}}},
        {"every", {{"type", "string"}, {"enum", {"day", "week", "month", "year"}}}},
        {"interval", {{"type", "integer"}}},
        {"startDate", text},
        {"dayOfMonth", {{"type", "integer"}}},
        {"endDate", text},
        {"count", {{"type", "integer"}}},
        {"autoPost", {{"type", "boolean"}}},
        {"createdAt", text},
        {"nextDue",
         {{"type", {"string", "null"}},
          {"description",
           "the next occurrence not yet created or skipped; null when the schedule has ended"}}},
        {"dueNow",
         {{"type", "integer"},
          {"description",
           "occurrences due by today and not yet created (more than 12 wait for the next run)"}}},
        {"occurrencesCreated", {{"type", "integer"}}},
        {"lastOccurrence", occurrence}}},
      {"required",
       {"id", "name", "template", "every", "interval", "startDate", "autoPost", "createdAt",
        "nextDue", "dueNow", "occurrencesCreated"}}};
}

}  // namespace tally::ledger
