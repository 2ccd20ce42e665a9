#include "ledger/attachment_content.h"

#include <array>

#include <openssl/evp.h>

namespace tally::ledger {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

/// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF) whose only
/// control characters are tab, line feed, form feed and carriage return: a binary
/// header such as a ZIP's "PK\3\4" is valid UTF-8 but not text.
bool is_utf8_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF)
      extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      extra = 3, cp = c & 0x07;
    else
      return false;
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += extra + 1;
  }
  return true;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> sniff_mime_type(std::string_view bytes) {
  if (starts_with(bytes, "%PDF-")) return "application/pdf";
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts_with(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
  // ISO BMFF: a box size, "ftyp", then the major brand HEIF writers use.
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
    static constexpr std::array<std::string_view, 8> brands = {"heic", "heix", "hevc", "hevx",
                                                               "heim", "heis", "mif1", "msf1"};
    for (auto brand : brands)
      if (bytes.substr(8, 4) == brand) return "image/heic";
    return std::nullopt;
  }
  if (!bytes.empty() && is_utf8_text(bytes)) return "text/plain";
  return std::nullopt;
}

bool plausible_head(std::string_view head) {
  if (sniff_mime_type(head)) return true;
  // Text cut inside a character: drop the (at most three) bytes of an unfinished sequence.
  for (std::size_t cut = 1; cut <= 3 && cut < head.size(); ++cut) {
    if ((static_cast<unsigned char>(head[head.size() - cut]) & 0x80) == 0) return false;
    if (sniff_mime_type(head.substr(0, head.size() - cut)) == "text/plain") return true;
  }
  return false;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Padding is optional, but when present it fills the last group of four exactly.
  std::size_t pad = 0;
  while (pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  if (pad > 2 || (pad > 0 && text.size() % 4 != 0)) return std::nullopt;
  text.remove_suffix(pad);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0)
    return std::nullopt;  // non-zero trailing bits
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63], out += alphabet[(n >> 12) & 63],
        out += alphabet[(n >> 6) & 63], out += alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += alphabet[(n >> 18) & 63], out += alphabet[(n >> 12) & 63], out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63], out += alphabet[(n >> 12) & 63],
        out += alphabet[(n >> 6) & 63], out += '=';
  }
  return out;
}

}  // namespace tally::ledger
