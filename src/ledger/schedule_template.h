#pragma once
// A schedule's template is a create-draft tool and its arguments. It is
// checked by that tool's own schema and handler (run and rolled back), and each
// occurrence runs the same handler with the occurrence's date, so a schedule
// accepts exactly what the tool accepts and says so in the tool's words.
#include <cstdint>
#include <string>
#include <vector>

#include "mcp/args.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

/// The tools a template may name.
const std::vector<std::string>& template_tool_names();

/// The template's arguments as stored: `arguments` (an object under a call's
/// Args) with fractional numbers as their exact text. Throws ToolError when the
/// tool is not a create-draft tool, `date` is given, or the tool refuses the
/// arguments dated `date` (nothing is kept).
mcp::json check_template(store::Store& st, const std::string& tool, const mcp::Args& arguments,
                         const std::string& date);

/// Runs the template for `date` as the schedule (draft source "schedule");
/// returns the new draft's id. Throws ToolError when the tool refuses it now.
std::string run_template(store::Store& st, const std::string& tool, const mcp::json& arguments,
                         const std::string& date);

/// What one occurrence moves: + into an account, − out of it, in its currency.
struct Flow {
  std::string account_id;
  std::int64_t amount_minor = 0;
};
std::vector<Flow> template_flows(store::Store& st, const std::string& tool,
                                 const mcp::json& arguments);

}  // namespace tally::ledger
