#pragma once
// The legacy protocol revisions Tally speaks and what each one defines
// (protocol.md E). Decided per request, never per process, so the 2026-07-28
// era can sit beside them.
#include <optional>
#include <string>
#include <string_view>

namespace tally::mcp {

enum class Version { k2024_11_05, k2025_03_26, k2025_06_18, k2025_11_25 };

inline constexpr Version kLatestVersion = Version::k2025_11_25;

std::optional<Version> parse_version(std::string_view text);
std::string_view to_string(Version v);

/// Supported revisions, newest first.
inline constexpr std::string_view kSupportedVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                          "2024-11-05"};

inline bool has_annotations(Version v) { return v >= Version::k2025_03_26; }
inline bool has_structured_content(Version v) { return v >= Version::k2025_06_18; }
inline bool has_titles(Version v) { return v >= Version::k2025_06_18; }
inline bool has_progress_message(Version v) { return v >= Version::k2025_03_26; }
inline bool has_batches(Version v) { return v == Version::k2025_03_26; }
inline bool has_server_description(Version v) { return v >= Version::k2025_11_25; }

}  // namespace tally::mcp
