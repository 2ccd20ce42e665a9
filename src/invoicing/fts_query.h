#pragma once
// Customer search: the shared literal-text terms (util/fts_terms.h), plus, for
// a query that looks like a phone number, the digits-only phone column.
#include <string>
#include <string_view>
#include <vector>

#include "util/fts_terms.h"

namespace tally::invoicing {

/// The MATCH expression for `text`, or "" when it has no letter or digit.
std::string fts_match_query(sqlite3* db, std::string_view text);

/// Digits-only forms of a phone number for the phone_digits column: all its
/// digits, plus the last ten when there are more (so "+1 (555) 123-4567" is
/// found by "5551234567"). Empty when it has fewer than 3 digits.
std::string phone_digits(std::string_view phone);

}  // namespace tally::invoicing
