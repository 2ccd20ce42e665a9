#include "header_expand.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>

namespace tally::bridge {
namespace {

bool is_token_char(char c) {
  static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The relay owns these: a user value would break framing or session handling.
constexpr std::array<std::string_view, 6> kManaged = {"content-type",   "accept",
                                                       "content-length", "mcp-session-id",
                                                       "mcp-protocol-version", "last-event-id"};

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

bool expand_env(std::string_view text, const EnvLookup& env, std::string& out, std::string& error) {
  out.clear();
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;  // no closing brace: keep the text as written
    out.append(text.substr(pos, open - pos));
    std::string name(text.substr(open + 2, close - open - 2));
    auto value = env(name);
    if (!value) {
      error = "environment variable " + name + " is not set";
      return false;
    }
    out.append(*value);
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return true;
}

bool parse_header(std::string_view spec, const EnvLookup& env, Header& out, std::string& error) {
  auto colon = spec.find(':');
  if (colon == std::string_view::npos) {
    error = "expected \"Name: value\", got \"" + std::string(spec) + "\"";
    return false;
  }
  std::string_view name = trim(spec.substr(0, colon));
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
    error = "\"" + std::string(name) + "\" is not a valid header name";
    return false;
  }
  for (auto managed : kManaged) {
    if (iequals(name, managed)) {
      error = std::string(name) + " is set by tally-bridge itself and cannot be overridden";
      return false;
    }
  }
  std::string value;
  if (!expand_env(trim(spec.substr(colon + 1)), env, value, error)) {
    error = "header " + std::string(name) + ": " + error;
    return false;
  }
  if (value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos) {
    error = "header " + std::string(name) + ": the value contains a line break";
    return false;
  }
  out.name.assign(name);
  out.value = std::move(value);
  return true;
}

bool read_header_file(const std::string& path, const EnvLookup& env, std::vector<Header>& out,
                      std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read header file " + path;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view l = trim(line);
    if (l.empty() || l.front() == '#') continue;
    Header h;
    if (!parse_header(l, env, h, error)) {
      error = path + ":" + std::to_string(number) + ": " + error;
      return false;
    }
    out.push_back(std::move(h));
  }
  if (in.bad()) {
    error = "cannot read header file " + path;
    return false;
  }
  return true;
}

}  // namespace tally::bridge
