#pragma once
// Turning what a user typed into an FTS5 MATCH expression that can never be a
// syntax error (domain.md §0: `Acme-Corp` is one as written). The text is cut
// into tokens at every character that is not a letter or digit, as the
// unicode61 tokenizer cuts documents, and each token becomes a quoted prefix
// term "tok"*; terms are ANDed. A query that looks like a phone number also
// matches the digits-only phone column.
#include <string>
#include <string_view>
#include <vector>

namespace tally::invoicing {

/// The tokens of `text`: runs of Unicode letters, digits and marks, in order,
/// without duplicates.
std::vector<std::string> query_tokens(std::string_view text);

/// The MATCH expression for `text`, or "" when it has no letter or digit.
std::string fts_match_query(std::string_view text);

/// Digits-only forms of a phone number for the phone_digits column: all its
/// digits, plus the last ten when there are more (so "+1 (555) 123-4567" is
/// found by "5551234567"). Empty when it has fewer than 3 digits.
std::string phone_digits(std::string_view phone);

}  // namespace tally::invoicing
