#pragma once
// Small text rules of the affiliate toolset: percents as basis points, URL
// checks and percent-decoding. Codes are folded with util/fold.h.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::affiliate {

/// "15" → 1500, "12.5" → 1250, "0.25" → 25. At most 2 decimals, 0 to 100.
/// On failure returns nullopt and sets `error` (without the field name).
std::optional<std::int64_t> parse_percent_bp(std::string_view text, std::string& error);
/// 1500 → "15", 1250 → "12.5", 25 → "0.25".
std::string format_percent_bp(std::int64_t bp);
/// `part/whole` as a percent with 2 decimals, rounded half-up: (1,3) → "33.33"; whole 0 → "".
std::string percent_text(std::int64_t part, std::int64_t whole);

/// An absolute http(s) URL with a host and no spaces or control characters.
bool is_http_url(std::string_view text);

/// Decodes %XX escapes and '+' (as a space); returns nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

/// Percent-encodes all but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view text);

/// A slug: 1–40 of a-z, 0-9 and '-'.
bool is_slug(std::string_view text);

}  // namespace tally::affiliate
