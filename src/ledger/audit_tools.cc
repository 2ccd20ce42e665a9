#include "ledger/audit_tools.h"

#include "app/call_store.h"
#include "ledger/audit.h"
#include "ledger/dry_run.h"
#include "ledger/tool_support.h"
#include "ledger/undo.h"
#include "mcp/schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

ToolResult audit_log_tool(store::Store& st, const mcp::Args& a) {
  AuditFilter f;
  f.action = a.opt_str("action");
  f.actor = a.opt_str("actor");
  f.id = a.opt_str("id");
  f.start_date = a.opt_str("startDate");
  f.end_date = a.opt_str("endDate");
  f.cursor = a.opt_str("cursor");
  f.limit = static_cast<int>(a.integer("limit"));
  if (f.start_date && f.end_date && *f.end_date < *f.start_date)
    throw mcp::ToolError("endDate " + *f.end_date + " is before startDate " + *f.start_date);
  store::Transaction tx(st.db, store::Transaction::Kind::read);
  AuditPage page = list_audit(st, f);
  json entries = json::array();
  for (const auto& e : page.entries) entries.push_back(audit_json(e));
  json out{{"entries", entries},
           {"total", page.total},
           {"totalIsExact", page.total_exact},
           {"truncated", page.truncated}};
  if (page.truncated) out["nextCursor"] = page.entries.back().id;
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult undo_tool(store::Store& st, const mcp::Args& a) {
  store::Transaction tx(st.db);
  json out = undo_write(st, a.str("auditId"));
  tx.commit();
  return ToolResult::of(std::move(out));
}

}  // namespace

std::vector<mcp::ToolSpec> audit_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_audit_log",
      .title = "Audit log of ledger writes",
      .description =
          "Every write that changed the ledger, newest first: what (the tool or command), which "
          "ids, who (the MCP "
          "client, cli:<user>, inbox, schedule; over HTTP the credential id), when, and how many "
          "rows of "
          "transactions, postings, drafts, accounts… it added, changed or removed. An import is "
          "one entry with its "
          "counts. Filter by action, actor, an id the write concerns, or dates (UTC); pass "
          "nextCursor back as "
          "cursor for the next page. ledger_undo takes an auditId whose undoable is true.",
      .input_schema =
          s::object_schema({s::string("action").min_length(1).max_length(100).describe(
                                "a tool or command, e.g. extrack_post_transaction_draft"),
                            s::string("actor").min_length(1).max_length(120).describe(
                                "e.g. cli:alice, inbox, schedule, or a client's name"),
                            s::string("id").min_length(1).max_length(64).describe(
                                "only writes that concern this id (txn_…, drf_…, acc_…)"),
                            s::date("startDate").describe("from this day (UTC), YYYY-MM-DD"),
                            s::date("endDate").describe("to this day (UTC), inclusive"),
                            s::integer("limit").min(1).max(200).def(50),
                            s::string("cursor").min_length(1).max_length(24).describe(
                                "nextCursor of the previous page")}),
      .output_schema = object_output(
          {{"entries", {{"type", "array"}, {"items", audit_entry_schema()}}},
           {"total", {{"type", "integer"}, {"description", "entries matching the filters"}}},
           {"totalIsExact", {{"type", "boolean"}, {"description", "false past 10,000"}}},
           {"truncated", {{"type", "boolean"}, {"description", "more pages follow"}}},
           {"nextCursor", {{"type", "string"}}}},
          {"entries", "total", "totalIsExact", "truncated"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return audit_log_tool(app::store_of(ctx), a);
      }});
  tools.push_back(with_dry_run(mcp::ToolSpec{
      .name = "ledger_undo",
      .title = "Undo a ledger write",
      .description = "Reverse one write from ledger_audit_log when that is safe: a posted draft is "
                     "voided and the draft comes "
                     "back under a new id (posting it again makes a new transaction); a created "
                     "draft is deleted and an "
                     "edited one put back while still pending; a created account is closed while "
                     "it has no postings. "
                     "Everything the entry did is undone together or not at all, and the answer "
                     "says why when it cannot be "
                     "(a void, an import, the business books' writes have their own reversals). "
                     "Undoing again changes "
                     "nothing and answers alreadyUndone: true.",
      .input_schema =
          s::object_schema({s::string("auditId").required().min_length(1).max_length(24).describe(
              "an auditId from ledger_audit_log, e.g. aud_12")}),
      .output_schema = undo_output_schema(),
      .annotations = mcp::kUpdate,  // voids, deletes, closes; a repeat changes nothing
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return undo_tool(app::store_of(ctx), a);
      }}));
  return tools;
}

}  // namespace tally::ledger
