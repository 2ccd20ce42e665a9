#include "http/access_log.h"

#include <fmt/format.h>

namespace tally::http {
namespace {

void append_escaped(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f || c == '\\')
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
}

}  // namespace

std::string access_log_line(std::string_view method, std::string_view path, unsigned status,
                            long long duration_ms,
                            const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string line;
  append_escaped(line, method);
  line += ' ';
  append_escaped(line, path.substr(0, path.find('?')));
  line += fmt::format(" {} {}ms", status, duration_ms);
  for (const auto& [key, value] : fields) {
    line += ' ';
    append_escaped(line, key);
    line += '=';
    append_escaped(line, value);
  }
  return line;
}

}  // namespace tally::http
