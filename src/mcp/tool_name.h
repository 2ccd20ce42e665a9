#pragma once
#include <string>
#include <string_view>

namespace tally::mcp {

/// Tool names are 1–128 characters of [A-Za-z0-9_.-] (2025-11-25, tools§Tool Names).
bool is_valid_tool_name(std::string_view name);

/// A name the client sent, safe to put in a message: as is when it is a valid tool
/// name, else quoted with JSON escapes (a NUL or control character must not cut or
/// garble the message) and cut to 128 characters.
std::string printable_name(std::string_view name);

}  // namespace tally::mcp
