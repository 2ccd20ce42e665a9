#include "ledger/fold.h"

#include <cstdlib>

#include <utf8proc.h>

namespace tally::ledger {

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

std::string fold(std::string_view name) {
  std::string tidy = tidy_name(name);
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                                UTF8PROC_CASEFOLD);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(tidy.data()),
                                    static_cast<utf8proc_ssize_t>(tidy.size()), &mapped, options);
  if (n < 0) {  // not UTF-8: fold ASCII only
    for (char& c : tidy)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return tidy;
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::free(mapped);
  return out;
}

}  // namespace tally::ledger
