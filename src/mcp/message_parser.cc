#include "mcp/message_parser.h"

namespace tally::mcp {

void DecimalLexemes::add(std::string pointer, std::string text) {
  entries_.emplace_back(std::move(pointer), std::move(text));
}

const std::string* DecimalLexemes::find(std::string_view pointer) const {
  for (const auto& [p, text] : entries_)
    if (p == pointer) return &text;
  return nullptr;
}

DecimalLexemes DecimalLexemes::under(std::string_view prefix) const {
  DecimalLexemes out;
  for (const auto& [p, text] : entries_) {
    if (p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0 &&
        p[prefix.size()] == '/')
      out.add(p.substr(prefix.size()), text);
  }
  return out;
}

namespace {

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

/// Wraps nlohmann's DOM builder, tracking the JSON pointer of the current value.
class LexemeSax {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  LexemeSax(json& root, DecimalLexemes& out) : dom_(root, false), out_(out) {}

  bool null() { return dom_.null() && done(); }
  bool boolean(bool v) { return dom_.boolean(v) && done(); }
  bool number_integer(number_integer_t v) { return dom_.number_integer(v) && done(); }
  bool number_unsigned(number_unsigned_t v) { return dom_.number_unsigned(v) && done(); }
  bool number_float(number_float_t v, const string_t& text) {
    out_.add(pointer(), text);
    return dom_.number_float(v, text) && done();
  }
  bool string(string_t& v) { return dom_.string(v) && done(); }
  bool binary(binary_t& v) { return dom_.binary(v) && done(); }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  bool key(string_t& k) {
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object() && done();
  }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array() && done();
  }
  bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& e) {
    error_ = e.what();
    return dom_.parse_error(pos, token, e);
  }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    bool array;
    std::size_t index = 0;
    std::string key;
  };
  bool open(bool array) {
    if (static_cast<int>(frames_.size()) >= kMaxJsonDepth) {
      error_ = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      return false;
    }
    frames_.push_back(Frame{array, 0, {}});
    return true;
  }
  bool done() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  std::string pointer() const {
    std::string p;
    for (const auto& f : frames_)
      p += "/" + (f.array ? std::to_string(f.index) : escape_pointer_token(f.key));
    return p;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  DecimalLexemes& out_;
  std::vector<Frame> frames_;
  std::string error_;
};

}  // namespace

std::optional<ParsedLine> parse_line(std::string_view line, std::string& error) {
  ParsedLine parsed;
  LexemeSax sax(parsed.value, parsed.decimals);
  bool ok = json::sax_parse(line.begin(), line.end(), &sax, json::input_format_t::json, true);
  if (!ok) {
    error = sax.error().empty() ? "malformed JSON" : sax.error();
    return std::nullopt;
  }
  return parsed;
}

json overflow_request_id(std::string_view line, const std::string& error) {
  if (error.find("number overflow") == std::string::npos) return nullptr;
  // Walk the text: strings (with escapes) skipped, depth tracked, until the key
  // "id" of the outermost object; its value is the next token.
  int depth = 0;
  std::size_t i = 0;
  auto skip_string = [&] {
    for (++i; i < line.size() && line[i] != '"'; ++i)
      if (line[i] == '\\') ++i;
    ++i;
  };
  auto skip_space = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n')) ++i;
  };
  while (i < line.size()) {
    char c = line[i];
    if (c == '{' || c == '[') {
      ++depth;
      ++i;
    } else if (c == '}' || c == ']') {
      --depth;
      ++i;
    } else if (c == '"') {
      std::size_t start = i;
      skip_string();
      if (depth != 1 || line.substr(start, i - start) != "\"id\"") continue;
      skip_space();
      if (i >= line.size() || line[i] != ':') continue;
      ++i;
      skip_space();
      std::size_t value = i;
      if (i < line.size() && line[i] == '"') skip_string();
      else
        while (i < line.size() && (line[i] == '-' || (line[i] >= '0' && line[i] <= '9'))) ++i;
      json id = json::parse(line.substr(value, i - value), nullptr, false);
      return is_valid_id(id) ? id : json(nullptr);
    } else {
      ++i;
    }
  }
  return nullptr;
}

}  // namespace tally::mcp
