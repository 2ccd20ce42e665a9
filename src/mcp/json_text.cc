#include "mcp/json_text.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::mcp {

namespace {

// A key no JSON text from a client or a tool can make: the leading NUL keeps it
// apart from every member name a tool writes.
constexpr std::string_view kRawKey{"\0tally-raw-json", 15};

// Length of the valid UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0
// when it is not one: overlong forms, surrogates and code points past U+10FFFF
// are invalid, as nlohmann judges them.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if ((n == 2 && c < 0xc2) || (n == 3 && c == 0xe0 && c1 < 0xa0) ||
      (n == 3 && c == 0xed && c1 >= 0xa0) || (n == 4 && c == 0xf0 && c1 < 0x90) ||
      (n == 4 && (c > 0xf4 || (c == 0xf4 && c1 >= 0x90))))
    return 0;
  return n;
}

}  // namespace

void JsonText::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonText& JsonText::open(char c) {
  separate();
  out_.push_back(c);
  first_.push_back(true);
  return *this;
}

JsonText& JsonText::close(char c) {
  out_.push_back(c);
  first_.pop_back();
  return *this;
}

JsonText& JsonText::key(std::string_view name) {
  separate();
  // Keys are the tools' own ASCII member names: nothing to escape.
  out_.push_back('"');
  out_.append(name);
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonText& JsonText::string(std::string_view text) {
  separate();
  write_string(text);
  return *this;
}

JsonText& JsonText::string_of_json(std::string_view text) {
  separate();
  // A JSON text quotes every few bytes, which stops the general loop's 8-byte
  // runs at each one (13 instructions a byte for a 50-row page's text block).
  // Here 16 bytes are copied at a time up to the next '"' or '\\'; the first
  // control or non-ASCII byte, rare in a tool's compact JSON, hands the whole
  // text to the general loop (which checks UTF-8).
  const std::size_t mark = out_.size();
  out_.resize(mark + 2 * text.size() + 2);  // room for every byte escaped, and the 16-byte stores
  char* o = out_.data() + mark;
  const char* p = text.data();
  const char* const end = p + text.size();
  auto fall_back = [&] {
    out_.resize(mark);
    write_string(text);
    return false;
  };
  // One byte that stops a run: escaped, or the end of the fast path.
  auto stop = [&](unsigned char c) {
    if (c < 0x20 || c >= 0x80) return fall_back();
    *o++ = '\\';
    *o++ = static_cast<char>(c);
    ++p;
    return true;
  };
  *o++ = '"';
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
    // Signed, bytes from 0x80 are negative: "< 0x20" finds control and non-ASCII bytes.
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                         _mm_cmplt_epi8(v, space));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask == 0) {
      p += 16;
      o += 16;
      continue;
    }
    const int k = __builtin_ctz(mask);
    p += k;
    o += k;
    if (!stop(static_cast<unsigned char>(*p))) return *this;
  }
#endif
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
      if (!stop(c)) return *this;
    } else {
      *o++ = *p++;
    }
  }
  *o++ = '"';
  out_.resize(static_cast<std::size_t>(o - out_.data()));
  return *this;
}

void JsonText::write_string(std::string_view text) {
  // Bytes that end a plain run: control characters, '"', '\\' and non-ASCII
  // (checked as UTF-8). A table keeps the scan over plain bytes tight.
  static constexpr auto kStops = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) t[c] = true;
    for (int c = 0x80; c < 0x100; ++c) t[c] = true;
    t['"'] = t['\\'] = true;
    return t;
  }();
  const std::size_t mark = out_.size();
  const char* p = text.data();
  const std::size_t n = text.size();
  // Written through a pointer: two bytes of room per input byte (an escape
  // such as \n), grown by four more for each rare \u00XX.
  out_.resize(mark + 2 * n + 2);
  char* o = out_.data() + mark;
  *o++ = '"';
  std::size_t i = 0;
  while (true) {
    // Eight bytes at a time while none of them stops the run (SWAR: a byte
    // below 0x20 or from 0x80, a '"' or a '\\' sets its high bit in `hit`).
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      auto zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
      std::uint64_t hit = ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh) |
                          zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\'));
      if (hit) break;
      std::memcpy(o, p + i, 8);
      o += 8;
      i += 8;
    }
    while (i < n && !kStops[static_cast<unsigned char>(p[i])]) *o++ = p[i++];
    if (i == n) break;
    auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80) {
      std::size_t len = utf8_length(text, i);
      if (len == 0) {
        // Rare (the store keeps valid UTF-8): nlohmann's replacement rule, from the start.
        out_.resize(mark);
        out_ += json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
      }
      std::memcpy(o, p + i, len);
      o += len;
      i += len;
      continue;
    }
    ++i;
    *o++ = '\\';
    switch (c) {
      case '"':
        *o++ = '"';
        break;
      case '\\':
        *o++ = '\\';
        break;
      case '\b':
        *o++ = 'b';
        break;
      case '\f':
        *o++ = 'f';
        break;
      case '\n':
        *o++ = 'n';
        break;
      case '\r':
        *o++ = 'r';
        break;
      case '\t':
        *o++ = 't';
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const auto at = static_cast<std::size_t>(o - out_.data());
        out_.resize(out_.size() + 4);
        o = out_.data() + at;
        *o++ = 'u';
        *o++ = '0';
        *o++ = '0';
        *o++ = kHex[c >> 4];
        *o++ = kHex[c & 0xf];
      }
    }
  }
  *o++ = '"';
  out_.resize(static_cast<std::size_t>(o - out_.data()));
}

JsonText& JsonText::integer(std::int64_t value) {
  separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonText& JsonText::raw_value(std::string_view text) {
  separate();
  out_.append(text);
  return *this;
}

JsonText& JsonText::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonText& JsonText::null() {
  separate();
  out_ += "null";
  return *this;
}

json raw_json(std::string text) {
  json out = json::object();
  out[std::string(kRawKey)] = std::move(text);
  return out;
}

const std::string* raw_text(const json& value) {
  if (!value.is_object() || value.size() != 1) return nullptr;
  auto it = value.begin();
  if (it.key() != kRawKey || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

json expand_raw(const json& value) {
  const std::string* text = raw_text(value);
  return text ? json::parse(*text) : value;
}

json expand_result(json result) {
  if (!result.is_object()) return result;
  if (auto sc = result.find("structuredContent"); sc != result.end()) *sc = expand_raw(*sc);
  if (auto content = result.find("content"); content != result.end() && content->is_array())
    for (json& block : *content)
      if (auto text = block.is_object() ? block.find("text") : block.end(); text != block.end())
        *text = expand_raw(*text);
  return result;
}

}  // namespace tally::mcp
