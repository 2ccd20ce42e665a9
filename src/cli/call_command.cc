#include <cstdio>

#include "app/run_tool.h"
#include "cli/commands.h"
#include "mcp/message_parser.h"

namespace tally::cli {

int call_tool(const app::RuntimeOptions& options, const std::string& tool, const std::string& arguments) {
  std::string error;
  auto parsed = mcp::parse_line(arguments.empty() ? "{}" : arguments, error);
  if (!parsed || !parsed->value.is_object()) {
    std::fprintf(stderr, "tally call: the arguments must be one JSON object: %s\n",
                 parsed ? "got another JSON value" : error.c_str());
    return 2;
  }
  return app::run_tool(options, "call", tool, parsed->value, parsed->decimals);
}

}  // namespace tally::cli
