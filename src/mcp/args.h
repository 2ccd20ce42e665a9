#pragma once
// Typed, read-only access to a call's validated arguments. The validator has
// already checked types and filled defaults, so accessors only convert.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/message_parser.h"

namespace tally::mcp {

class Args {
 public:
  /// `decimals` holds fractional numbers' source text keyed by pointers relative to `value`.
  Args(const json& value, const DecimalLexemes* decimals, std::string pointer = "", std::string path = "");

  const json& raw() const { return value_; }
  /// Present and not null.
  bool has(std::string_view key) const;
  /// Present, possibly as an explicit null ("null clears it").
  bool present(std::string_view key) const;

  std::string str(std::string_view key) const;
  std::optional<std::string> opt_str(std::string_view key) const;
  std::int64_t integer(std::string_view key) const;
  std::optional<std::int64_t> opt_int(std::string_view key) const;
  bool boolean(std::string_view key, bool fallback = false) const;

  /// An exact decimal as text: a string as sent, an integer's digits, or a
  /// fraction's source lexeme (never a double's rendering).
  std::string decimal_text(std::string_view key) const;
  std::optional<std::string> opt_decimal_text(std::string_view key) const;

  Args object(std::string_view key) const;
  std::vector<Args> array(std::string_view key) const;
  std::vector<std::string> strings(std::string_view key) const;

  /// The dotted name of `key` for messages, e.g. `splits[1].amount`.
  std::string path_of(std::string_view key) const;

 private:
  const json& at(std::string_view key) const;
  const json& value_;
  const DecimalLexemes* decimals_;
  std::string pointer_;
  std::string path_;
};

}  // namespace tally::mcp
