#pragma once
#include <string_view>

namespace tally::mcp {

/// Tool names are 1–128 characters of [A-Za-z0-9_.-] (2025-11-25, tools§Tool Names).
bool is_valid_tool_name(std::string_view name);

}  // namespace tally::mcp
