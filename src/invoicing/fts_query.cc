#include "invoicing/fts_query.h"

#include <algorithm>

#include "util/fts_terms.h"

namespace tally::invoicing {

namespace {

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

std::string fts_match_query(sqlite3* db, std::string_view text) {
  std::string words = util::fts_prefix_terms(db, text);
  if (words.empty()) return "";
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
