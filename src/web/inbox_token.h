#pragma once
// One-time sign-in links for `tally inbox` (issue 18): a random token whose
// SHA-256 is stored in the ledger, good once and for a few minutes, so the
// process that prints the link and the one that serves the page may differ.
#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

namespace tally::web {

/// A new token for workspace `ws`, valid for ten minutes; only its hash is stored.
std::string mint_inbox_token(SQLite::Database& db, std::int64_t ws);

struct TokenWorkspace {
  std::int64_t id = 0;
  std::string name;
};

/// The workspace a valid token signs in to; the token is used up. nullopt when
/// unknown, used or expired. Runs in the caller's write transaction, if any.
std::optional<TokenWorkspace> redeem_inbox_token(SQLite::Database& db, const std::string& token);

}  // namespace tally::web
