#include "envelope.h"

#include <nlohmann/json.hpp>

namespace tally::bridge {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    skip_ws();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  /// Skips a string starting at the current '"'; returns its raw contents (without quotes).
  bool string(std::string_view& raw) {
    if (peek() != '"') return false;
    std::size_t start = ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '"') {
        raw = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      ++pos_;
    }
    return false;
  }
  /// Skips any JSON value; returns its raw text.
  bool value(std::string_view& raw) {
    skip_ws();
    std::size_t start = pos_;
    char c = peek();
    if (c == '"') {
      std::string_view ignored;
      if (!string(ignored)) return false;
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < s_.size()) {
        char d = s_[pos_];
        if (d == '"') {
          std::string_view ignored;
          if (!string(ignored)) return false;
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') {
          if (--depth == 0) {
            ++pos_;
            break;
          }
        }
        ++pos_;
      }
      if (depth != 0) return false;
    } else {
      while (pos_ < s_.size()) {
        char d = s_[pos_];
        if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') break;
        ++pos_;
      }
      if (pos_ == start) return false;
    }
    raw = s_.substr(start, pos_ - start);
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

std::string unescape(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  std::string quoted;
  quoted.reserve(raw.size() + 2);
  quoted.push_back('"');
  quoted.append(raw);
  quoted.push_back('"');
  auto v = nlohmann::json::parse(quoted, nullptr, false);
  return v.is_string() ? v.get<std::string>() : std::string(raw);
}

}  // namespace

Envelope peek_envelope(std::string_view json) {
  Envelope env;
  Scanner sc(json);
  sc.skip_ws();
  if (sc.peek() == '[') {
    std::string_view raw;
    if (sc.value(raw)) {
      sc.skip_ws();
      if (sc.at_end()) env.kind = MessageKind::batch;
    }
    return env;
  }
  if (!sc.eat('{')) return env;
  bool has_method = false, has_id = false, has_result = false;
  if (!sc.eat('}')) {
    do {
      sc.skip_ws();
      std::string_view key, raw;
      if (!sc.string(key) || !sc.eat(':') || !sc.value(raw)) return env;
      if (key == "id") {
        env.id = raw;
        has_id = true;
      } else if (key == "method") {
        if (raw.size() < 2 || raw.front() != '"') return env;
        env.method = unescape(raw.substr(1, raw.size() - 2));
        has_method = true;
      } else if (key == "result" || key == "error") {
        has_result = true;
      }
    } while (sc.eat(','));
    if (!sc.eat('}')) return env;
  }
  sc.skip_ws();
  if (!sc.at_end()) return env;
  if (has_method)
    env.kind = has_id ? MessageKind::request : MessageKind::notification;
  else if (has_result && has_id)
    env.kind = MessageKind::response;
  return env;
}

std::string id_key(std::string_view raw_id) {
  if (raw_id.size() >= 2 && raw_id.front() == '"' && raw_id.find('\\') != std::string_view::npos) {
    auto v = nlohmann::json::parse(raw_id, nullptr, false);
    if (v.is_string()) return nlohmann::json(v.get<std::string>()).dump();
  }
  return std::string(raw_id);
}

}  // namespace tally::bridge
