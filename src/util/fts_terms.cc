#include "util/fts_terms.h"

#include <algorithm>

#include <utf8proc.h>

namespace tally::util {

namespace {

/// Letters, digits and combining marks, as unicode61 keeps them in tokens.
bool is_token_char(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CO:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string> query_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && std::find(tokens.begin(), tokens.end(), current) == tokens.end())
      tokens.push_back(current);
    current.clear();
  };
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes, left, &cp);
    if (n <= 0) n = 1, cp = -1;  // an invalid byte separates tokens
    if (cp >= 0 && is_token_char(cp))
      current.append(reinterpret_cast<const char*>(bytes), n);
    else
      flush();
    bytes += n;
    left -= n;
  }
  flush();
  return tokens;
}

std::string fts_prefix_terms(std::string_view text) {
  std::vector<std::string> tokens = query_tokens(text);
  if (tokens.size() > 16) tokens.resize(16);
  std::string words;
  for (const auto& t : tokens) words += (words.empty() ? "" : " AND ") + ("\"" + t + "\"*");
  return words;
}

}  // namespace tally::util
