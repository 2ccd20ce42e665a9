#include "http/message.h"

namespace tally::http {

std::optional<std::string_view> find_header(const Headers& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return std::string_view(value);
  return std::nullopt;
}

}  // namespace tally::http
