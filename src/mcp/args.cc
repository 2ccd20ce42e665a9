#include "mcp/args.h"

namespace tally::mcp {

namespace {
const json& null_json() {
  static const json kNull;
  return kNull;
}
}  // namespace

Args::Args(const json& value, const DecimalLexemes* decimals, std::string pointer, std::string path)
    : value_(value), decimals_(decimals), pointer_(std::move(pointer)), path_(std::move(path)) {}

const json& Args::at(std::string_view key) const {
  if (!value_.is_object()) return null_json();
  auto it = value_.find(key);
  return it == value_.end() ? null_json() : *it;
}

bool Args::has(std::string_view key) const { return !at(key).is_null(); }

bool Args::present(std::string_view key) const {
  return value_.is_object() && value_.find(key) != value_.end();
}

std::string Args::str(std::string_view key) const {
  const json& v = at(key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::optional<std::string> Args::opt_str(std::string_view key) const {
  const json& v = at(key);
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::int64_t Args::integer(std::string_view key) const { return opt_int(key).value_or(0); }

std::optional<std::int64_t> Args::opt_int(std::string_view key) const {
  const json& v = at(key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

bool Args::boolean(std::string_view key, bool fallback) const {
  const json& v = at(key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

std::string Args::decimal_text(std::string_view key) const {
  return opt_decimal_text(key).value_or("");
}

std::optional<std::string> Args::opt_decimal_text(std::string_view key) const {
  const json& v = at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    if (decimals_ != nullptr)
      if (const std::string* text = decimals_->find(pointer_ + "/" + std::string(key))) return *text;
    return v.dump();  // only reached for values not parsed from a request line
  }
  return std::nullopt;
}

Args Args::object(std::string_view key) const {
  return Args(at(key), decimals_, pointer_ + "/" + std::string(key), path_of(key));
}

std::vector<Args> Args::array(std::string_view key) const {
  std::vector<Args> out;
  const json& v = at(key);
  if (!v.is_array()) return out;
  for (std::size_t i = 0; i < v.size(); ++i)
    out.emplace_back(v[i], decimals_, pointer_ + "/" + std::string(key) + "/" + std::to_string(i),
                     path_of(key) + "[" + std::to_string(i) + "]");
  return out;
}

std::vector<std::string> Args::strings(std::string_view key) const {
  std::vector<std::string> out;
  const json& v = at(key);
  if (v.is_array())
    for (const auto& item : v)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string Args::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

}  // namespace tally::mcp
