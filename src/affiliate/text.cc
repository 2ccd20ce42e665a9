#include "affiliate/text.h"

namespace tally::affiliate {

std::optional<std::int64_t> parse_percent_bp(std::string_view text, std::string& error) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (whole.empty() || !digits(whole) || (dot != std::string_view::npos && (frac.empty() || !digits(frac)))) {
    error = "\"" + std::string(text) + "\" is not a percent such as \"15\" or \"12.5\"";
    return std::nullopt;
  }
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  if (frac.size() > 2) {
    error = "\"" + std::string(text) + "\" has " + std::to_string(frac.size()) +
            " decimals; a percent allows 2";
    return std::nullopt;
  }
  std::size_t start = whole.find_first_not_of('0');
  whole = start == std::string_view::npos ? std::string_view("0") : whole.substr(start);
  if (whole.size() > 3) {
    error = "\"" + std::string(text) + "\" is over 100 percent";
    return std::nullopt;
  }
  std::int64_t bp = std::stoll(std::string(whole)) * 100;
  if (!frac.empty()) bp += std::stoll(std::string(frac)) * (frac.size() == 1 ? 10 : 1);
  if (bp > 10000) {
    error = "\"" + std::string(text) + "\" is over 100 percent";
    return std::nullopt;
  }
  return bp;
}

std::string format_percent_bp(std::int64_t bp) {
  std::string out = std::to_string(bp / 100);
  std::int64_t frac = bp % 100;
  if (frac == 0) return out;
  out += '.';
  out += static_cast<char>('0' + frac / 10);
  if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  return out;
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "";
  // hundredths of a percent, half-up: part * 10000 / whole
  __int128 scaled = static_cast<__int128>(part) * 10000 * 2 + whole;
  auto hundredths = static_cast<std::int64_t>(scaled / (static_cast<__int128>(whole) * 2));
  std::string frac = std::to_string(hundredths % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::to_string(hundredths / 100) + "." + frac;
}

bool is_http_url(std::string_view text) {
  std::string_view rest;
  if (text.rfind("https://", 0) == 0) rest = text.substr(8);
  else if (text.rfind("http://", 0) == 0) rest = text.substr(7);
  else return false;
  std::size_t host_end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, host_end);
  if (host.empty() || host.front() == ':' || host.front() == '@') return false;
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool is_slug(std::string_view text) {
  if (text.empty() || text.size() > 40) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace tally::affiliate
