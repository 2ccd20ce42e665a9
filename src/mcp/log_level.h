#pragma once
// The eight syslog levels of MCP logging (protocol.md A11), least severe first.
#include <optional>
#include <string_view>

namespace tally::mcp {

enum class LogLevel { kDebug, kInfo, kNotice, kWarning, kError, kCritical, kAlert, kEmergency };

inline constexpr std::string_view kLogLevelNames[] = {"debug", "info",     "notice", "warning",
                                                      "error", "critical", "alert",  "emergency"};

inline std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (int i = 0; i < 8; ++i)
    if (kLogLevelNames[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

inline std::string_view to_string(LogLevel level) { return kLogLevelNames[static_cast<int>(level)]; }

}  // namespace tally::mcp
