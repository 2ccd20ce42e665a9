#include "mcp/tool_name.h"

#include "mcp/json_rpc.h"

namespace tally::mcp {

bool is_valid_tool_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string printable_name(std::string_view name) {
  if (is_valid_tool_name(name)) return std::string(name);
  std::string cut(name.substr(0, 128));
  return to_line(json(cut));  // invalid UTF-8 is replaced, never thrown
}

}  // namespace tally::mcp
