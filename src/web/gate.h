#pragma once
// Who a request acts as, and whether it may (issue 16, http.md §2): API keys
// and OAuth access tokens through auth::Authenticator, and the token-bucket
// rate limits — per credential, and per address for requests without one.
// Checked from the headers alone, before any body byte is read.
#include <memory>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "auth/authenticator.h"
#include "auth/jwks.h"
#include "auth/key_cache.h"
#include "auth/rate_limiter.h"
#include "cli/commands.h"
#include "http/message.h"

namespace tally::web {

class Gate {
 public:
  /// Throws std::invalid_argument with a sentence for the user on bad flags.
  Gate(const std::string& db_path, const cli::HttpServeOptions& options);
  ~Gate();

  /// Credentials are required: a key exists in the ledger, or --oauth-issuer is set.
  bool required() { return auth_->required(); }

  /// From the headers: a refusal (401, 403, 429) or nullopt to go on. With auth on, a
  /// request without any credential goes on only so its body can show it asks for
  /// something public; `who()` then says it is anonymous.
  std::optional<http::Response> admit(const http::Head& head);
  /// The caller of an admitted request.
  auth::AuthOutcome who(const http::Head& head);

  /// 401 for a request that needs a credential and brought none.
  http::Response unauthorized(const http::Headers& extra) const;
  /// 403 insufficient_scope for an OAuth token without the write scope.
  http::Response insufficient_scope(const http::Headers& extra) const;
  /// The protected-resource metadata (RFC 9728), or "" without OAuth.
  std::string metadata() const;
  /// --public-url (or the default once bound), canonical.
  const std::string& public_url() const { return public_url_; }

  /// Before serving: the URL clients reach this server at when no --public-url was
  /// given (http://127.0.0.1:PORT once the port is bound), for challenges and metadata.
  void set_default_public_url(const std::string& url);

  /// Writes keys' last use (at most once a minute unless `force`).
  void flush_last_used(SQLite::Database& writer, bool force);

 private:
  cli::HttpServeOptions options_;
  std::unique_ptr<SQLite::Database> keys_db_;  // its own connection: data_version sees other writers' commits
  std::unique_ptr<SQLite::Database> maps_db_;
  std::unique_ptr<auth::KeyCache> keys_;
  std::unique_ptr<auth::Jwks> jwks_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<auth::RateLimiter> per_credential_;
  std::unique_ptr<auth::RateLimiter> per_address_;
  std::mutex maps_mu_;
  std::string public_url_;
  void build_authenticator(const std::string& public_url);
};

}  // namespace tally::web
