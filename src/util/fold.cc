#include "util/fold.h"

#include <cstdlib>

#include <utf8proc.h>

namespace tally::util {

std::string fold(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                                UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  if (n < 0) {  // not UTF-8: fold ASCII only
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::free(mapped);
  return out;
}

std::string tidy_name(std::string_view name) {
  std::string out;
  bool space = false;
  for (char c : name) {
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string fold_name(std::string_view name) {
  return fold(tidy_name(name));
}

}  // namespace tally::util
