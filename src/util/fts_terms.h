#pragma once
// What a user typed, turned into FTS5 MATCH terms that can never be a syntax
// error (domain.md §0: `Acme-Corp` is one as written). The text is cut into
// tokens by the tokenizer the search tables index with (FTS5's unicode61 with
// remove_diacritics 2), so a query token is exactly a token some document can
// hold; each becomes a quoted prefix term "tok"*, and terms are ANDed. One copy
// for every toolset that searches.
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace tally::util {

/// The tokenizer spec of every FTS5 table Tally creates.
inline constexpr const char* kFtsTokenizer = "unicode61 remove_diacritics 2";

/// The tokens the tables' tokenizer makes of `text` (case-folded, diacritics
/// removed, as the index stores them), in order, without duplicates. `db` is any
/// open connection (the tokenizer comes from its FTS5).
std::vector<std::string> query_tokens(sqlite3* db, std::string_view text);

/// `"tok1"* AND "tok2"*` for the first 16 tokens of `text`, or "" when it has
/// no token (no letter or digit).
std::string fts_prefix_terms(sqlite3* db, std::string_view text);

}  // namespace tally::util
