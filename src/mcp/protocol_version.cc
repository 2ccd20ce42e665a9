#include "mcp/protocol_version.h"

namespace tally::mcp {

std::optional<Version> parse_version(std::string_view text) {
  if (text == "2025-11-25") return Version::k2025_11_25;
  if (text == "2025-06-18") return Version::k2025_06_18;
  if (text == "2025-03-26") return Version::k2025_03_26;
  if (text == "2024-11-05") return Version::k2024_11_05;
  return std::nullopt;
}

std::string_view to_string(Version v) {
  switch (v) {
    case Version::k2024_11_05: return "2024-11-05";
    case Version::k2025_03_26: return "2025-03-26";
    case Version::k2025_06_18: return "2025-06-18";
    case Version::k2025_11_25: return "2025-11-25";
  }
  return "2025-11-25";
}

}  // namespace tally::mcp
