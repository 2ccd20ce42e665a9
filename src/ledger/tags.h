#pragma once
// Transaction tags (issue 19): 1–64 ASCII letters, digits, -, _, / and :, so
// hledger (`tag:`) and beancount (`#tag`) can carry them; at most 50 per
// transaction. Matched case-insensitively; shown as first written.
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

inline constexpr std::size_t kMaxTags = 50;

/// `text` when it is a valid tag; otherwise a ToolError naming `param`.
std::string require_tag(const std::string& text, const std::string& param);
/// The tag as compared: ASCII lower case.
std::string fold_tag(const std::string& tag);

/// The transaction's tags in the order they were added.
std::vector<std::string> tags_of(store::Store& st, std::int64_t txn_seq);
/// Adds a tag (no-op when present, any case); throws past kMaxTags.
void add_tag(store::Store& st, std::int64_t txn_seq, const std::string& tag);
/// Removes a tag (any case); returns whether it was there.
bool remove_tag(store::Store& st, std::int64_t txn_seq, const std::string& tag);

}  // namespace tally::ledger
