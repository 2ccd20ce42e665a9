#pragma once
// Base64 (RFC 4648 §4, for HTTP Basic) and base64url without padding (§5, for PKCE and JWTs).
#include <optional>
#include <string>
#include <string_view>

namespace tally::bridge::oauth {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);
/// Accepts base64url with or without padding; nullopt on a character outside the alphabet.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace tally::bridge::oauth
