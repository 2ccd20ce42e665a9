#pragma once
// Running one tool from the command line, in-process: `tally call` and the
// toolsets' own subcommands (`tally draft post`, `tally rewards add-card`, …).
#include <string>

#include "app/runtime.h"
#include "mcp/message_parser.h"

namespace tally::app {

/// Calls `spec` on an open runtime with no MCP client behind it (no sampling or
/// elicitation; progress and logs are dropped). Returns the tool result:
/// {content, structuredContent?, isError?}. `client` is the clientInfo name the
/// call carries (drafts record it as their source: tally-cli → cli:<user>).
mcp::json call_in_process(Runtime& runtime, const mcp::ToolSpec& spec, const mcp::json& arguments,
                          const mcp::DecimalLexemes& decimals = {}, const std::string& client = "tally-cli");

/// Runs `tool` on the ledger `options` name, with no MCP client behind it (no
/// sampling or elicitation; progress and logs are dropped). Its text goes to
/// stdout; a tool error goes to stderr as `tally <command>: <message>`.
/// Returns 0, 1 on a tool error, 2 when no served tool has that name.
int run_tool(const RuntimeOptions& options, const std::string& command, const std::string& tool,
             const mcp::json& arguments, const mcp::DecimalLexemes& decimals = {});

}  // namespace tally::app
