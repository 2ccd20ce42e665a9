// extrack_post_transaction_drafts: post (or dry-run) up to 100 drafts in one
// call, each in its own savepoint, so three bad drafts roll back alone and stay
// pending with their reasons while the other 97 are posted (issue 21 item 4).
#include <set>

#include "app/call_store.h"
#include "ledger/draft_posting.h"
#include "ledger/extrack_tools.h"
#include "ledger/preview.h"
#include "ledger/tool_support.h"
#include "ledger/transactions.h"
#include "mcp/schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr int kMaxDrafts = 100;

/// One draft's outcome: what posting it answers, or {draftId, error}.
json post_one(store::Store& st, const std::string& id, bool allow_overpayment, bool dry_run) {
  try {
    store::Transaction tx(st.db);  // a savepoint inside the call's transaction
    if (dry_run) {
      json out = preview_json(preview(st, id, allow_overpayment));
      out["draftId"] = id;
      out["ok"] = true;
      return out;  // rolled back: nothing written
    }
    PostedDraft posted = post_draft(st, id, allow_overpayment);
    json out{{"draftId", id},
             {"ok", true},
             {"transactionId", posted.transaction_id},
             {"alreadyPosted", posted.already_posted},
             {"transaction", transaction_json(st, posted.transaction_id)}};
    tx.commit();
    return out;
  } catch (const mcp::ToolError& e) {
    return {{"draftId", id}, {"ok", false}, {"error", e.what()}};
  }
}

}  // namespace

mcp::ToolSpec bulk_post_tool() {
  json result = post_output_schema();
  result["properties"]["ok"] = {{"type", "boolean"}, {"description", "false: this draft stays pending; see error"}};
  result["properties"]["error"] = {{"type", "string"}, {"description", "why this draft was not posted"}};
  result["required"] = {"draftId", "ok"};
  return mcp::ToolSpec{
      .name = "extrack_post_transaction_drafts",
      .title = "Post several transaction drafts",
      .description = "Post up to 100 pending drafts, each as its own balanced transaction in its own database "
                     "transaction: a draft that fails stays pending with its reason and the others are posted. "
                     "Answers one result per id, in the order given. dryRun: true answers what each would write "
                     "and writes nothing.",
      .input_schema = s::object_schema(
          {s::array("draftIds", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}})
               .required()
               .min_items(1)
               .max_items(kMaxDrafts)
               .describe("pending draft ids (drf_…), at most 100, each once"),
           s::boolean("allowOverpayment").def(false).describe("repayments: allow more than the person owes"),
           s::boolean("dryRun").def(false).describe("show what posting would write; write nothing")}),
      .output_schema = object_output(
          {{"results", {{"type", "array"}, {"items", result}}},
           {"posted", {{"type", "integer"}, {"description", "drafts posted now or before (0 in a dry run)"}}},
           {"failed", {{"type", "integer"}, {"description", "drafts left pending"}}},
           {"dryRun", {{"type", "boolean"}}}},
          {"results", "posted", "failed", "dryRun"}),
      .annotations = mcp::kIdempotent,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        const std::vector<std::string> ids = a.strings("draftIds");
        std::set<std::string> seen;
        for (const auto& id : ids)
          if (!seen.insert(id).second)
            throw mcp::ToolError("draftIds: \"" + id + "\" is listed twice; list each draft once");
        const bool dry_run = a.boolean("dryRun");
        json results = json::array();
        int posted = 0, failed = 0;
        for (const auto& id : ids) {
          ctx.check_cancelled();  // a cancel undoes the whole call: the drafts are savepoints of its transaction
          json r = post_one(st, id, a.boolean("allowOverpayment"), dry_run);
          (r["ok"].get<bool>() ? posted : failed) += 1;
          results.push_back(std::move(r));
        }
        json out{{"results", results}, {"posted", dry_run ? 0 : posted}, {"failed", failed}, {"dryRun", dry_run}};
        return dry_run ? mcp::ToolResult::dry_run(std::move(out)) : mcp::ToolResult::of(std::move(out));
      }};
}

}  // namespace tally::ledger
