#include "invoicing/fts_query.h"

#include <algorithm>

#include <utf8proc.h>

namespace tally::invoicing {

namespace {

/// Letters, digits and combining marks, as unicode61 keeps them in tokens.
bool is_token_char(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
      return true;
    default:
      return false;
  }
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

/// Only digits and the punctuation phone numbers are written with.
bool looks_like_phone(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' ||
           c == '+' || c == '/';
  });
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
    if (cp >= 0 && is_token_char(cp)) current.append(reinterpret_cast<const char*>(bytes), n);
    else flush();
    bytes += n;
    left -= n;
  }
  flush();
  return tokens;
}

std::string fts_match_query(std::string_view text) {
  std::vector<std::string> tokens = query_tokens(text);
  if (tokens.size() > 16) tokens.resize(16);
  if (tokens.empty()) return "";
  std::string words;
  for (const auto& t : tokens) words += (words.empty() ? "" : " AND ") + ("\"" + t + "\"*");
  std::string digits = digits_of(text);
  if (looks_like_phone(text) && digits.size() >= 3)
    return "(" + words + ") OR phone_digits : \"" + digits + "\"*";
  return words;
}

std::string phone_digits(std::string_view phone) {
  std::string digits = digits_of(phone);
  if (digits.size() < 3) return "";
  if (digits.size() > 10) return digits + " " + digits.substr(digits.size() - 10);
  return digits;
}

}  // namespace tally::invoicing
