#include "ledger/dry_run.h"

#include <utility>

#include "app/call_store.h"
#include "ledger/preview.h"

namespace tally::ledger {

mcp::ToolSpec with_dry_run(mcp::ToolSpec spec) {
  spec.description += " dryRun: true answers the postings it would write, and writes nothing.";
  spec.input_schema["properties"]["dryRun"] = {
      {"type", "boolean"},
      {"default", false},
      {"description", "show what it would write; write nothing"}};
  if (spec.output_schema.contains("properties"))
    spec.output_schema["properties"] = with_preview(spec.output_schema["properties"]);
  spec.handler = [inner = std::move(spec.handler)](const mcp::Args& a, mcp::CallContext& ctx) {
    if (!a.boolean("dryRun")) return inner(a, ctx);
    store::Store& st = app::store_of(ctx);
    const DryRunMark mark = dry_run_mark(st);
    mcp::ToolResult result = inner(a, ctx);  // its transaction is a savepoint of the call's
    if (result.is_error) return result;
    return dry_run_result(result.object(), posted_since(st, mark));
  };
  return spec;
}

}  // namespace tally::ledger
