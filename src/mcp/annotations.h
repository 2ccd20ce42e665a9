#pragma once
// Tool annotations and the presets every toolset declares its tools with, so a
// read or an overwrite means the same hints in every toolset.
namespace tally::mcp {

/// Annotations are hints (protocol.md A6); every one is set explicitly, never left to
/// the spec's surprising defaults (destructive and open-world true).
struct Annotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = false;
};

/// Reads; changes nothing.
inline constexpr Annotations kRead{.read_only = true, .idempotent = true};
/// Adds something new; a repeat adds it again.
inline constexpr Annotations kCreate{};
/// Adds or advances something; a repeat changes nothing more (send, post, approve).
inline constexpr Annotations kIdempotent{.idempotent = true};
/// Overwrites or removes what was there; a repeat changes nothing more.
inline constexpr Annotations kUpdate{.destructive = true, .idempotent = true};
/// Changes what was there; a repeat changes it again (void with a reversal, rotate a secret).
inline constexpr Annotations kDestructive{.destructive = true};

}  // namespace tally::mcp
