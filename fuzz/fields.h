#pragma once
// Splits a fuzz input into a few text fields at '\n' (the last takes the rest),
// so one input can drive several parsers that take separate strings.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tally::fuzz {

inline std::vector<std::string_view> split_fields(const std::uint8_t* data, std::size_t size,
                                                  std::size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) break;
    fields.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  fields.push_back(rest);
  fields.resize(count);  // missing fields are empty
  return fields;
}

}  // namespace tally::fuzz
