#include "oauth/www_authenticate.h"

#include <algorithm>
#include <cctype>

namespace tally::bridge::oauth {
namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

class Lexer {
 public:
  explicit Lexer(const std::string& text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!done() && is_space(text_[pos_])) ++pos_;
  }
  void skip_separators() {
    while (!done() && (is_space(text_[pos_]) || text_[pos_] == ',')) ++pos_;
  }
  std::string token() {
    size_t start = pos_;
    while (!done() && !is_space(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != '=') ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // A token68 may end in '='s (e.g. "Negotiate YII=="); a parameter has a value after '='.
  size_t equals_run() const {
    size_t n = 0;
    while (pos_ + n < text_.size() && text_[pos_ + n] == '=') ++n;
    return n;
  }
  void advance(size_t n) { pos_ += n; }
  std::string value() {
    skip_spaces();
    if (peek() == '"') {
      ++pos_;
      std::string out;
      while (!done() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        out += text_[pos_++];
      }
      if (!done()) ++pos_;  // closing quote
      return out;
    }
    size_t start = pos_;
    while (!done() && !is_space(text_[pos_]) && text_[pos_] != ',') ++pos_;
    return text_.substr(start, pos_ - start);
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};
}  // namespace

std::string AuthChallenge::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::vector<AuthChallenge> parse_www_authenticate(const std::vector<std::string>& headers) {
  std::vector<AuthChallenge> out;
  for (const auto& header : headers) {
    Lexer lex(header);
    bool in_challenge = false;
    while (true) {
      lex.skip_separators();
      if (lex.done()) break;
      std::string word = lex.token();
      if (word.empty()) {  // stray '='
        lex.advance(1);
        continue;
      }
      lex.skip_spaces();
      size_t equals = lex.equals_run();
      if (equals == 1 && in_challenge) {
        lex.advance(1);
        out.back().params[lower(word)] = lex.value();
      } else if (equals >= 1 && in_challenge) {
        lex.advance(equals);  // token68 credentials: nothing MCP reads
      } else {
        out.push_back({lower(word), {}});
        in_challenge = true;
        lex.skip_spaces();
        // token68 right after the scheme ("Negotiate abc==") or the first parameter follows.
      }
    }
  }
  return out;
}

std::optional<BearerChallenge> find_bearer_challenge(const std::vector<std::string>& headers) {
  for (const auto& challenge : parse_www_authenticate(headers)) {
    if (challenge.scheme != "bearer") continue;
    return BearerChallenge{challenge.param("resource_metadata"), challenge.param("scope"),
                           challenge.param("error"), challenge.param("error_description")};
  }
  return std::nullopt;
}

}  // namespace tally::bridge::oauth
