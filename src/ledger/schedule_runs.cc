#include "ledger/schedule_runs.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/audit.h"
#include "ledger/draft_posting.h"
#include "ledger/schedule_template.h"
#include "ledger/schedules.h"
#include "mcp/tool.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace {

/// Creates the occurrence due on `date`: its draft, posted when the schedule
/// says autoPost. A template the ledger no longer accepts (a closed account, a
/// deleted category) is recorded as failed with the reason, not retried forever.
Occurrence make_occurrence(store::Store& st, const Schedule& s, const std::string& date,
                           const std::string& today) {
  Occurrence o;
  o.date = date;
  o.late = date < today;
  try {
    store::Transaction draft_tx(st.db);
    o.draft_id = run_template(st, s.tool, s.arguments, date);
    draft_tx.commit();
    o.status = "drafted";
  } catch (const mcp::ToolError& e) {
    o.status = "failed";
    o.message = e.what();
    return o;
  }
  if (!s.auto_post) return o;
  try {
    store::Transaction post_tx(st.db);
    PostedDraft posted = post_draft(st, *o.draft_id, false);
    post_tx.commit();
    o.status = "posted";
    o.transaction_id = posted.transaction_id;
  } catch (const mcp::ToolError& e) {
    o.message = std::string("not posted, left as a draft: ") + e.what();
  }
  return o;
}

std::string describe(const Schedule& s, const Occurrence& o) {
  std::string line = "schedule \"" + s.name + "\" (" + s.id + "): " + o.date + " ";
  if (o.status == "posted")
    line += "posted as " + *o.transaction_id;
  else if (o.status == "drafted")
    line += "drafted as " + *o.draft_id;
  else
    line += "failed";
  if (o.late) line += " (late)";
  if (!o.message.empty()) line += ": " + o.message;
  return line;
}

}  // namespace

std::vector<std::string> create_due(store::Store& st) {
  std::vector<std::string> lines;
  const std::string today = st.today();
  for (const Schedule& listed : list_schedules(st)) {
    auto first = next_due(st, listed);
    if (!first || *first > today) continue;  // nothing due: no write lock taken
    std::size_t made = 0;
    for (;;) {
      store::Transaction tx(st.db);  // BEGIN IMMEDIATE: read again under the write lock
      auto s = find_schedule(st, listed.id);
      if (!s) break;
      auto date = next_due(st, *s);
      if (!date || *date > today) break;
      if (made == kMaxCatchUp) {
        auto waiting = due_dates(st, *s, today, 100000);
        lines.push_back("schedule \"" + s->name + "\" (" + s->id +
                        "): " + std::to_string(waiting.size()) + " more due occurrence" +
                        (waiting.size() == 1 ? "" : "s") + " (" + waiting.front() + " to " +
                        waiting.back() + ") wait: at most " + std::to_string(kMaxCatchUp) +
                        " are created at once. The next start or call creates the next ones; "
                        "ledger_skip_occurrence skips them");
        break;
      }
      AuditScope audit(st, tx, "schedule run", Who{"schedule", std::nullopt});  // one row per occurrence
      Occurrence o = make_occurrence(st, *s, *date, today);
      insert_occurrence(st, s->id, o);
      advance(st, s->id, *date);
      audit.add_id(s->id);
      audit.without_undo();
      audit.set_summary({{"schedule", s->name}, {"date", *date}, {"status", o.status}});
      audit.commit(tx);
      lines.push_back(describe(*s, o));
      ++made;
    }
  }
  return lines;
}

std::vector<std::string> create_due_everywhere(SQLite::Database& db, const store::Clock& clock,
                                               store::IdSource& ids) {
  std::vector<std::pair<std::int64_t, std::string>> workspaces;
  {
    SQLite::Statement q(db,
                        "SELECT w.id, w.name FROM workspace w WHERE EXISTS (SELECT 1 FROM schedule "
                        "s WHERE s.ws = w.id) "
                        "ORDER BY w.id");
    while (q.executeStep())
      workspaces.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  }
  std::vector<std::string> lines;
  for (const auto& [id, name] : workspaces) {
    store::Store st{db, clock, ids, id, name};
    auto more = create_due(st);
    for (auto& line : more) lines.push_back(workspaces.size() > 1 ? name + ": " + line : line);
  }
  return lines;
}

}  // namespace tally::ledger
