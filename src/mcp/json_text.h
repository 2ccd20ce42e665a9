#pragma once
// Compact JSON written straight into a string, for the hot read tools: a
// 50-row page built as nlohmann objects and serialised twice cost most of a
// list call. The bytes match what nlohmann's compact dump of the same values
// writes, provided keys are given in sorted order (nlohmann's object order).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class JsonText {
 public:
  JsonText& begin_object() { return open('{'); }
  JsonText& end_object() { return close('}'); }
  JsonText& begin_array() { return open('['); }
  JsonText& end_array() { return close(']'); }
  /// The next value's key; within one object keys must come in sorted order.
  JsonText& key(std::string_view name);
  JsonText& string(std::string_view text);
  /// The same as string(text), faster when `text` is compact JSON (a tool's
  /// structured_text, quoted for its text block).
  JsonText& string_of_json(std::string_view text);
  JsonText& integer(std::int64_t value);
  /// A value already written as JSON text: an exact decimal such as 12.3, or
  /// another JsonText's output.
  JsonText& raw_value(std::string_view text);
  JsonText& boolean(bool value);
  JsonText& null();

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonText& open(char c);
  JsonText& close(char c);
  void separate();
  void write_string(std::string_view text);  ///< string() after the separator

  std::string out_;
  std::vector<bool> first_;  ///< per open container: no element written yet
  bool after_key_ = false;
};

/// Already-serialised JSON carried inside a json tree; to_line writes the text
/// as is. Tool results use it for structuredContent so a page is serialised once.
json raw_json(std::string text);
/// The text of a raw_json value, or nullptr for any other value.
const std::string* raw_text(const json& value);
/// `value` itself, or the parsed text of a raw_json value (for in-process readers).
json expand_raw(const json& value);
/// A tools/call result with its raw_json values (structuredContent, text blocks)
/// parsed: what in-process callers read.
json expand_result(json result);

}  // namespace tally::mcp
