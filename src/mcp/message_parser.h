#pragma once
// Parses one framed line into JSON, keeping the source text of every
// fractional number so money is never read through a double (domain.md §1).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mcp/json_rpc.h"

namespace tally::mcp {

/// The source text of each fractional JSON number, keyed by its JSON pointer.
/// Fractions are rare in requests, so a flat list beats a map.
class DecimalLexemes {
 public:
  void add(std::string pointer, std::string text);
  /// The number's text as sent, or nullptr when the value at `pointer` was not a fraction.
  const std::string* find(std::string_view pointer) const;
  /// The entries under `prefix`, re-keyed relative to it (batch element → message).
  DecimalLexemes under(std::string_view prefix) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct ParsedLine {
  json value;
  DecimalLexemes decimals;
};

/// Maximum nesting of arrays and objects; deeper input is refused as hostile.
inline constexpr int kMaxJsonDepth = 64;

/// Strict JSON (UTF-8 checked). On failure returns nullopt and sets `error`.
std::optional<ParsedLine> parse_line(std::string_view line, std::string& error);

/// After parse_line failed on valid JSON that holds a number no double can carry
/// (`1e400`): the message's top-level "id" (a string or integer) read from the
/// text, so the error can be answered under it; null otherwise.
json overflow_request_id(std::string_view line, const std::string& error);

}  // namespace tally::mcp
