#pragma once
// API keys (`Authorization: Bearer tly_…`): 256 random bits from the kernel (util/random.h),
// shown once at creation; the ledger keeps only their SHA-256, so a copied
// ledger file or backup grants nothing. Lookup is by hash (the UNIQUE index)
// and the stored hash is compared again with CRYPTO_memcmp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "auth/credential.h"
#include "store/clock.h"
#include "store/ids.h"
#include "util/wipe.h"

namespace tally::auth {

inline constexpr std::string_view kKeyPrefix = "tly_";

struct NewKey {
  std::string name = {};
  std::string workspace = "personal";
  std::string brand = {};  ///< "" = none
  bool read_only = false;
  std::string toolsets = {};  ///< "" = all; checked by the caller
  std::string timezone = {};  ///< for a new workspace; "" = the system's
};

struct CreatedKey {
  std::string id;
  std::string secret;  ///< tly_…: print once, store nowhere; wiped with the struct
  std::string workspace;
  std::string timezone;
  bool workspace_created = false;
  ~CreatedKey() { util::wipe(secret); }
};

struct KeyRow {
  std::string id, name, workspace, brand, toolsets, created_at, last_used_at, revoked_at;
  bool read_only = false;
};

/// Creates the key (and its workspace when missing) in one transaction.
/// Throws std::invalid_argument with a sentence for the user on bad input.
CreatedKey create_key(SQLite::Database& db, const NewKey& spec, const store::Clock& clock,
                      store::IdSource& ids);

/// Every key, newest first, revoked ones included (marked).
std::vector<KeyRow> list_keys(SQLite::Database& db);

enum class RevokeResult { revoked, already_revoked, not_found };
RevokeResult revoke_key(SQLite::Database& db, const std::string& id, const std::string& now_iso);

/// SHA-256 of the bearer text (32 raw bytes).
std::string key_hash(std::string_view bearer);

/// The credential of a live key, or nullopt for anything else (unknown, revoked,
/// not shaped like a key). Reads only.
std::optional<Credential> find_key(SQLite::Database& db, std::string_view bearer);

/// Writes last_used_at of one key (the KeyCache batches these).
void record_last_used(SQLite::Database& db, const std::string& id, const std::string& when_iso);

}  // namespace tally::auth
