#include "rewards/fold.h"

#include <cstdlib>

#include <utf8proc.h>

namespace tally::rewards {

std::string fold(std::string_view text) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                                                   UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n < 0) return std::string(text);
  std::string folded(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return folded;
}

}  // namespace tally::rewards
