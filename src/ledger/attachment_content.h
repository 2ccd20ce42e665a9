#pragma once
// What an attachment's bytes are (issue 21 item 1): the type comes from the
// first bytes, never from a name, and the name a file is kept under is its
// SHA-256. Pure functions over bytes; nothing here touches a file.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tally::ledger {

/// 10 MiB: the largest attachment kept.
inline constexpr std::size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

/// The MIME type of a PDF, PNG, JPEG, HEIC or UTF-8 text file, judged by its
/// content; nullopt for anything else (an empty file, a ZIP, text with a NUL).
std::optional<std::string> sniff_mime_type(std::string_view bytes);

/// Whether a file starting with `head` (its first bytes, possibly cut inside a
/// UTF-8 sequence) can be one of those types: lets a reader refuse a file after
/// its first block instead of reading all of it.
bool plausible_head(std::string_view head);

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Whether `text` is 64 lower-case hex digits (a stored attachment's name).
bool is_sha256_hex(std::string_view text);

/// Standard base64 (RFC 4648 §4), padding optional, no whitespace; nullopt when
/// it does not decode.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace tally::ledger
