#pragma once
// Unicode case folding for case-insensitive matching (domain.md §1
// "Conventions"): SQLite's lower()/LIKE/NOCASE fold ASCII only, so merchants are
// folded here (casefold + NFKC, utf8proc), stored in a `*_fold` column, and
// matched with instr() on folded text, never LIKE (whose % and _ are wildcards).
#include <string>
#include <string_view>

namespace tally::rewards {

/// "STRAßE Café" → "strasse café". Invalid UTF-8 is returned unchanged.
std::string fold(std::string_view text);

}  // namespace tally::rewards
