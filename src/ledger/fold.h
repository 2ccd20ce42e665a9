#pragma once
// Case-insensitive matching of names, Unicode-aware (domain.md §1 "Conventions"):
// SQLite's NOCASE folds ASCII only, so names are folded here and stored in *_fold.
#include <string>
#include <string_view>

namespace tally::ledger {

/// Trims and collapses whitespace runs to one space (the name as stored).
std::string tidy_name(std::string_view name);
/// The matching key of a name: tidied, NFKC, case-folded ("Ärger" and "ärger" match).
std::string fold(std::string_view name);

}  // namespace tally::ledger
