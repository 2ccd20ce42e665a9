#include "util/text.h"

#include <cstdint>
#include <cstdio>

namespace tally::util {

namespace {

/// Decodes one UTF-8 sequence at `i`; false when malformed (overlong, surrogate, > U+10FFFF).
bool decode(std::string_view s, std::size_t& i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t extra = b < 0x80           ? 0
                      : (b >> 5) == 0x6  ? 1
                      : (b >> 4) == 0xE  ? 2
                      : (b >> 3) == 0x1E ? 3
                                         : 4;
  if (extra == 4 || i + extra >= s.size()) return false;
  cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k <= extra; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  i += extra + 1;
  return true;
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

/// Embeddings, overrides and isolates: they reorder the text around them.
bool is_bidi_control(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/// Spaces and characters that draw nothing (zero-width, joiners, marks, fillers, selectors, tags).
bool is_invisible(char32_t c) {
  return c == 0x20 || c == 0xA0 || c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F ||
         c == 0x1160 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200F) || c == 0x202F ||
         (c >= 0x205F && c <= 0x2064) || c == 0x3000 || c == 0x3164 ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0xE0000 && c <= 0xE007F);
}

std::string code_point(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

}  // namespace

std::string name_problem(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  bool visible = false;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    if (!decode(text, i, c)) return "is not valid UTF-8";
    ++chars;
    if (is_control(c)) return "must not contain control characters (found " + code_point(c) + ")";
    if (is_bidi_control(c))
      return "must not contain bidirectional controls (found " + code_point(c) + ")";
    if (!is_invisible(c)) visible = true;
  }
  if (chars == 0) return "must not be blank";
  if (max_chars != 0 && chars > max_chars)
    return "must be at most " + std::to_string(max_chars) + " characters (got " +
           std::to_string(chars) + ")";
  if (!visible)
    return "must contain a visible character (it has only spaces or invisible characters)";
  return "";
}

std::string first_sentence(std::string_view text) {
  text = text.substr(0, text.find('\n'));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '.') continue;
    if (i + 1 == text.size()) return std::string(text.substr(0, i));
    bool sentence_end =
        text[i + 1] == ' ' && i + 2 < text.size() && text[i + 2] >= 'A' && text[i + 2] <= 'Z';
    std::string_view before = text.substr(0, i + 1);
    bool abbreviation = before.ends_with("e.g.") || before.ends_with("i.e.") ||
                        before.ends_with("etc.") || before.ends_with("vs.");
    if (sentence_end && !abbreviation) return std::string(text.substr(0, i));
  }
  return std::string(text);
}

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace tally::util
