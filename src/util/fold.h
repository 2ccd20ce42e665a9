#pragma once
// Unicode case folding for case-insensitive matching (domain.md §1 "Conventions"):
// SQLite's lower()/LIKE/NOCASE fold ASCII only, so text is folded here (case fold +
// NFKC, utf8proc), stored in a `*_fold` column, and compared folded. One copy for
// every toolset.
#include <string>
#include <string_view>

namespace tally::util {

/// "STRAßE Café" → "strasse café", "ＳＡＶＥ10" → "save10". Invalid UTF-8 (which no
/// JSON string holds) is kept as it is but for ASCII letters, which are lowered.
std::string fold(std::string_view text);

/// Trims and collapses whitespace runs to one space (a name as stored).
std::string tidy_name(std::string_view name);
/// The matching key of a name: fold(tidy_name(name)), so " Ärger  Bar" and "ärger bar" match.
std::string fold_name(std::string_view name);

}  // namespace tally::util
