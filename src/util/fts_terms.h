#pragma once
// What a user typed, turned into FTS5 MATCH terms that can never be a syntax
// error (domain.md §0: `Acme-Corp` is one as written). The text is cut into
// tokens at every character that is not a letter or digit, as the unicode61
// tokenizer cuts documents, and each token becomes a quoted prefix term
// "tok"*; terms are ANDed. One copy for every toolset that searches.
#include <string>
#include <string_view>
#include <vector>

namespace tally::util {

/// The tokens of `text`: runs of Unicode letters, digits and marks, in order,
/// without duplicates.
std::vector<std::string> query_tokens(std::string_view text);

/// `"tok1"* AND "tok2"*` for the first 16 tokens of `text`, or "" when it has
/// no letter or digit.
std::string fts_prefix_terms(std::string_view text);

}  // namespace tally::util
