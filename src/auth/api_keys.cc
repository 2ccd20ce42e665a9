#include "auth/api_keys.h"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "auth/base64url.h"
#include "auth/workspace.h"
#include "store/transaction.h"
#include "util/random.h"

namespace tally::auth {

namespace {

constexpr std::size_t kSecretBytes = 32;  // 256 bits
// tly_ + 52 base32 characters.
constexpr std::size_t kKeyLength = kKeyPrefix.size() + (kSecretBytes * 8 + 4) / 5;

std::string random_secret() {
  unsigned char bytes[kSecretBytes];
  util::random_bytes(bytes, sizeof bytes);  // throws: no key is created
  std::string encoded =
      base32_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  OPENSSL_cleanse(bytes, sizeof bytes);
  std::string key;
  key.reserve(kKeyLength);  // one buffer: no reallocation leaves a copy behind
  key += kKeyPrefix;
  key += encoded;
  util::wipe(encoded);
  return key;
}

std::string text_or_empty(const SQLite::Column& c) {
  return c.isNull() ? "" : c.getString();
}

void bind_optional(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty())
    q.bind(index);
  else
    q.bind(index, value);
}

}  // namespace

std::string key_hash(std::string_view bearer) {
  unsigned char digest[32];
  unsigned int size = 0;
  if (EVP_Digest(bearer.data(), bearer.size(), digest, &size, EVP_sha256(), nullptr) != 1 ||
      size != sizeof digest)
    throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

CreatedKey create_key(SQLite::Database& db, const NewKey& spec, const store::Clock& clock,
                      store::IdSource& ids) {
  if (spec.name.empty() || spec.name.size() > 80)
    throw std::invalid_argument("--name must be 1 to 80 characters");
  if (!spec.brand.empty() && !is_brand_slug(spec.brand))
    throw std::invalid_argument("--brand: use the brand's slug, 1-40 of a-z, 0-9 and - (got \"" +
                                spec.brand + "\")");
  store::Transaction tx(db);
  std::string now = clock.now_iso();
  Workspace ws = open_or_create_workspace(db, spec.workspace, spec.timezone, now);
  CreatedKey created{ids.next("key"), random_secret(), ws.name, ws.timezone, ws.created};
  SQLite::Statement q(db,
                      "INSERT INTO api_key (id, name, hash, workspace_id, brand, read_only, "
                      "toolsets, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, created.id);
  q.bind(2, spec.name);
  std::string hash = key_hash(created.secret);
  q.bind(3, hash.data(), static_cast<int>(hash.size()));
  q.bind(4, ws.id);
  bind_optional(q, 5, spec.brand);
  q.bind(6, spec.read_only ? 1 : 0);
  bind_optional(q, 7, spec.toolsets);
  q.bind(8, now);
  q.exec();
  tx.commit();
  return created;
}

std::vector<KeyRow> list_keys(SQLite::Database& db) {
  SQLite::Statement q(
      db,
      "SELECT k.id, k.name, w.name, k.brand, k.toolsets, k.created_at, "
      "k.last_used_at, k.revoked_at, k.read_only FROM api_key k "
      "JOIN workspace w ON w.id = k.workspace_id ORDER BY k.created_at DESC, k.id DESC");
  std::vector<KeyRow> rows;
  while (q.executeStep()) {
    KeyRow r;
    r.id = q.getColumn(0).getString();
    r.name = q.getColumn(1).getString();
    r.workspace = q.getColumn(2).getString();
    r.brand = text_or_empty(q.getColumn(3));
    r.toolsets = text_or_empty(q.getColumn(4));
    r.created_at = q.getColumn(5).getString();
    r.last_used_at = text_or_empty(q.getColumn(6));
    r.revoked_at = text_or_empty(q.getColumn(7));
    r.read_only = q.getColumn(8).getInt() != 0;
    rows.push_back(std::move(r));
  }
  return rows;
}

RevokeResult revoke_key(SQLite::Database& db, const std::string& id, const std::string& now_iso) {
  store::Transaction tx(db);
  SQLite::Statement find(db, "SELECT revoked_at FROM api_key WHERE id = ?");
  find.bind(1, id);
  if (!find.executeStep()) return RevokeResult::not_found;
  if (!find.getColumn(0).isNull()) return RevokeResult::already_revoked;
  find.reset();
  SQLite::Statement q(db, "UPDATE api_key SET revoked_at = ? WHERE id = ?");
  q.bind(1, now_iso);
  q.bind(2, id);
  q.exec();
  tx.commit();
  return RevokeResult::revoked;
}

std::optional<Credential> find_key(SQLite::Database& db, std::string_view bearer) {
  // Anything not shaped like a key never reaches the database.
  if (bearer.size() != kKeyLength || bearer.substr(0, kKeyPrefix.size()) != kKeyPrefix)
    return std::nullopt;
  std::string hash = key_hash(bearer);
  SQLite::Statement q(
      db,
      "SELECT k.hash, k.id, k.name, k.workspace_id, w.name, w.timezone, k.brand, "
      "k.read_only, k.toolsets FROM api_key k JOIN workspace w ON w.id = k.workspace_id "
      "WHERE k.hash = ? AND k.revoked_at IS NULL");
  q.bind(1, hash.data(), static_cast<int>(hash.size()));
  if (!q.executeStep()) return std::nullopt;
  // The index found it by equality; compare again in constant time so no
  // byte-by-byte comparison of secret-derived data runs in our own code.
  const SQLite::Column stored = q.getColumn(0);
  if (stored.getBytes() != static_cast<int>(hash.size()) ||
      CRYPTO_memcmp(stored.getBlob(), hash.data(), hash.size()) != 0)
    return std::nullopt;
  Credential c;
  c.id = q.getColumn(1).getString();
  c.name = q.getColumn(2).getString();
  c.workspace_id = q.getColumn(3).getInt64();
  c.workspace = q.getColumn(4).getString();
  c.timezone = q.getColumn(5).getString();
  c.brand = text_or_empty(q.getColumn(6));
  c.read_only = q.getColumn(7).getInt() != 0;
  c.toolsets = text_or_empty(q.getColumn(8));
  return c;
}

void record_last_used(SQLite::Database& db, const std::string& id, const std::string& when_iso) {
  SQLite::Statement q(db,
                      "UPDATE api_key SET last_used_at = ? WHERE id = ? AND "
                      "(last_used_at IS NULL OR last_used_at < ?)");
  q.bind(1, when_iso);
  q.bind(2, id);
  q.bind(3, when_iso);
  q.exec();
}

}  // namespace tally::auth
