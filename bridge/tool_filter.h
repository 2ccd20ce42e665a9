#pragma once
// --ignore-tool: hides tools from tools/list and refuses calls to them, with
// mcp-remote's pattern rules (case-insensitive, `*` matches any run of chars).
#include <string>
#include <string_view>
#include <vector>

namespace tally::bridge {

class ToolFilter {
 public:
  ToolFilter() = default;
  explicit ToolFilter(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}

  bool active() const { return !patterns_.empty(); }
  /// The first pattern hiding `name`, or nullptr.
  const std::string* match(std::string_view name) const;

  /// Rewrites a tools/list response (one JSON-RPC message) without the hidden
  /// tools. Returns false (and leaves `out` empty) when nothing was removed, so
  /// the caller can forward the original bytes.
  bool filter_tools_list(std::string_view response, std::string& out) const;

  /// The tool name of a tools/call request, or "" when it has none.
  static std::string tool_name_of_call(std::string_view request);

 private:
  std::vector<std::string> patterns_;
};

/// Case-insensitive glob with `*` only.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace tally::bridge
