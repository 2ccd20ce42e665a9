#include "web/inbox_token.h"

#include <chrono>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <openssl/evp.h>

#include "web/html.h"

namespace tally::web {

namespace {

constexpr std::int64_t kLifeSeconds = 600;

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace

std::string mint_inbox_token(SQLite::Database& db, std::int64_t ws) {
  std::string token = random_hex(32);
  SQLite::Statement purge(db, "DELETE FROM inbox_token WHERE expires_unix < ?");
  purge.bind(1, now_unix());
  purge.exec();
  SQLite::Statement ins(db, "INSERT INTO inbox_token (hash, ws, expires_unix) VALUES (?, ?, ?)");
  ins.bind(1, sha256_hex(token));
  ins.bind(2, ws);
  ins.bind(3, now_unix() + kLifeSeconds);
  ins.exec();
  return token;
}

std::optional<TokenWorkspace> redeem_inbox_token(SQLite::Database& db, const std::string& token) {
  if (token.size() != 64) return std::nullopt;
  // DELETE … RETURNING: two processes redeeming the same link cannot both win.
  std::int64_t ws = 0;
  bool fresh = false;
  {
    SQLite::Statement take(db, "DELETE FROM inbox_token WHERE hash = ? RETURNING ws, expires_unix");
    take.bind(1, sha256_hex(token));
    if (!take.executeStep()) return std::nullopt;
    ws = take.getColumn(0).getInt64();
    fresh = take.getColumn(1).getInt64() >= now_unix();
    while (take.executeStep()) {
    }
  }
  if (!fresh) return std::nullopt;
  SQLite::Statement name(db, "SELECT name FROM workspace WHERE id = ?");
  name.bind(1, ws);
  if (!name.executeStep()) return std::nullopt;
  return TokenWorkspace{ws, name.getColumn(0).getString()};
}

}  // namespace tally::web
