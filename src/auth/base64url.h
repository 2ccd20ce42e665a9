#pragma once
// Base64url without padding (RFC 7515 §2), strict: a JWS segment with padding,
// whitespace, characters of the other alphabet, or non-zero trailing bits is
// malformed, so one token has exactly one spelling.
#include <optional>
#include <string>
#include <string_view>

namespace tally::auth {

std::string base64url_encode(std::string_view bytes);

/// The bytes, or nullopt when `text` is not canonical unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

/// Lower-case RFC 4648 base32 without padding (what API keys are spelled in:
/// one word to double-click, no case to mistype).
std::string base32_lower(std::string_view bytes);

}  // namespace tally::auth
