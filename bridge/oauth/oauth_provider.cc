#include "oauth/oauth_provider.h"

#include "oauth/authorization_request.h"
#include "oauth/file_lock.h"
#include "oauth/notice.h"
#include "oauth/prm_discovery.h"
#include "oauth/www_authenticate.h"

namespace tally::bridge::oauth {
namespace {
// The header this thread last sent: on a 401 it tells whether the rejected token is still
// the current one, or another thread or bridge has replaced it meanwhile.
thread_local std::string t_sent;

constexpr auto kRefreshLockWait = std::chrono::seconds(10);
}  // namespace

OAuthProvider::OAuthProvider(OAuthOptions options, std::string server_url, std::optional<int> callback_port,
                             const HttpSettings& http, std::unique_ptr<BrowserOpener> browser, TokenStore store)
    : options_(std::move(options)),
      server_url_(std::move(server_url)),
      callback_port_(callback_port),
      http_(http),
      browser_(std::move(browser)),
      store_(std::move(store)),
      sign_in_(options_, server_url_, callback_port_, http_, store_, *browser_) {}

std::string OAuthProvider::header_locked() const {
  if (!entry_ || !entry_->tokens) return {};
  const std::string& bearer = entry_->tokens->bearer(options_.use_id_token);
  return bearer.empty() ? std::string() : "Bearer " + bearer;
}

void OAuthProvider::load_locked() {
  // Cheap (two small files) and only while no tokens are held: picks up a sign-in that
  // `tally-bridge login` or a sibling bridge completed.
  if (loaded_ && entry_ && entry_->tokens) return;
  if (auto stored = store_.load(server_url_, options_.resource)) {
    entry_ = std::move(stored);
    if (entry_->tokens && !entry_->tokens->empty()) blocked_.clear();
  }
  loaded_ = true;
}

bool OAuthProvider::adopt_from_store_locked(const std::string& sent) {
  auto stored = store_.load(server_url_, options_.resource);
  if (!stored || !stored->tokens || stored->tokens->bearer(options_.use_id_token).empty()) return false;
  std::string header = "Bearer " + stored->tokens->bearer(options_.use_id_token);
  if (header == sent) return false;
  int64_t expiry = stored->tokens->bearer_expiry(options_.use_id_token);
  if (expiry && unix_now() >= expiry) return false;
  entry_ = std::move(stored);
  blocked_.clear();
  return true;
}

bool OAuthProvider::refresh_locked(std::string& error) {
  TokenError failure;
  auto tokens = sign_in_.refresh(*entry_, failure);
  std::string why;
  if (!tokens) {
    error = "could not refresh the sign-in for " + server_url_ + ": " + failure.message();
    if (failure.error == "invalid_grant" || failure.error == "invalid_client" ||
        failure.error == "unauthorized_client") {
      entry_->tokens.reset();  // spent, revoked or expired: only a new sign-in helps
      if (failure.error != "invalid_grant") entry_->client.reset();
      store_.save(*entry_, why);
    }
    return false;
  }
  entry_->tokens = std::move(*tokens);
  if (!store_.save(*entry_, why)) notice("could not save the refreshed sign-in: {}", why);
  fresh_header_ = header_locked();
  return true;
}

bool OAuthProvider::authorization_server_moved_locked(const std::string& resource_metadata) {
  ProtectedResourceMetadata prm;
  std::string error;
  if (discover_protected_resource(http_, server_url_, resource_metadata, prm, error) != PrmOutcome::found ||
      prm.authorization_servers.empty())
    return false;
  const bool moved = !same_issuer(prm.authorization_servers.front(), entry_->issuer);
  if (moved) notice("{} now signs in at {}; signing in there", server_url_, prm.authorization_servers.front());
  return moved;
}

bool OAuthProvider::full_sign_in_locked(const std::string& resource_metadata, const std::string& scope_hint,
                                        std::string& error) {
  if (sign_in_.interactive() && !blocked_.empty()) {
    error = blocked_;
    return false;
  }
  Discovery discovery;
  if (!discover(http_, store_, options_, server_url_, resource_metadata, discovery, error)) {
    error = "cannot sign in to " + server_url_ + ": " + error;
    return false;
  }
  std::optional<ClientInfo> stored;
  if (entry_ && entry_->client && same_issuer(entry_->issuer, discovery.issuer)) stored = entry_->client;
  SignInResult result = sign_in_.run(discovery, scope_hint, stored);

  StoreEntry next;
  next.server_url = server_url_;
  next.resource_option = options_.resource;
  next.issuer = discovery.issuer;
  next.as = discovery.as;
  next.resource = result.ok ? result.resource : discovery.resource;
  next.scope = result.scope;
  if (!result.drop_registered) next.client = result.registered ? result.registered : stored;
  std::string why;
  if (!result.ok) {
    error = "sign-in to " + server_url_ + " failed: " + result.error;
    if (error.find("tally-bridge login") == std::string::npos) {
      error += ". Next step: fix that, then run `tally-bridge login " + server_url_ + "` and retry";
    }
    if (next.client) store_.save(next, why);  // keep a registration: the next attempt reuses it
    if (sign_in_.interactive()) blocked_ = error;
    return false;
  }
  next.tokens = std::move(result.tokens);
  entry_ = std::move(next);
  if (!store_.save(*entry_, why)) notice("could not save the sign-in (it lasts until exit): {}", why);
  fresh_header_ = header_locked();
  blocked_.clear();
  return true;
}

std::string OAuthProvider::authorization() {
  std::lock_guard lock(mutex_);
  load_locked();
  if (entry_ && entry_->tokens && entry_->tokens->expiring(options_.use_id_token, unix_now())) {
    std::string error;
    std::string path_error;
    // Refresh under the host lock, after re-reading the store: a sibling may have spent
    // the (rotating) refresh token already and left the new tokens there.
    if (auto host = FileLock::acquire(store_.lock_path(server_url_, options_.resource), kRefreshLockWait,
                                      path_error)) {
      if (!adopt_from_store_locked(header_locked()) ||
          entry_->tokens->expiring(options_.use_id_token, unix_now())) {
        if (!entry_->tokens->refresh_token.empty()) {
          if (!refresh_locked(error)) notice("{}", error);
        } else if (!sign_in_.interactive()) {
          if (!full_sign_in_locked("", entry_->scope, error)) notice("{}", error);
        }
      }
    }
  }
  t_sent = header_locked();
  if (t_sent != tracked_header_) {
    tracked_header_ = t_sent;
    tracked_uses_ = 0;
    tracked_rejections_ = 0;
  }
  if (retry_pending_) {
    retry_pending_ = false;
  } else {
    ++tracked_uses_;
  }
  return t_sent;
}

bool OAuthProvider::on_challenge(int http_status, const std::vector<std::string>& www_authenticate,
                                 std::string& error) {
  std::lock_guard lock(mutex_);
  retry_pending_ = challenge_locked(http_status, www_authenticate, error);
  return retry_pending_;
}

bool OAuthProvider::challenge_locked(int http_status, const std::vector<std::string>& www_authenticate,
                                     std::string& error) {
  load_locked();
  const std::string sent = t_sent;
  auto challenge = find_bearer_challenge(www_authenticate);
  const std::string resource_metadata = challenge ? challenge->resource_metadata : "";
  std::string why;
  if (!store_.prepare(why)) notice("token store unavailable ({}); the sign-in will last until exit", why);

  if (http_status == 403) {
    if (!challenge || challenge->error != "insufficient_scope") {
      error = "the server refused the request (HTTP 403" +
              (challenge && !challenge->error.empty() ? ", " + challenge->error : std::string()) +
              "); the signed-in account may lack access to it";
      return false;
    }
    if (!header_locked().empty() && header_locked() != sent) return true;  // another thread stepped up
    if (challenge->scope.empty()) {
      error = "the server wants more scope (403 insufficient_scope) but does not say which";
      return false;
    }
    // MCP 2025-11-25 §Step-Up: the challenged scope is authoritative; keep what was asked before.
    if (step_ups_[challenge->scope]++ >= 1) {
      error = "the server still asks for scope \"" + challenge->scope +
              "\" after a sign-in that requested it; not asking again (step-up limit)";
      return false;
    }
    auto host = FileLock::acquire(store_.lock_path(server_url_, options_.resource),
                                  std::chrono::seconds(options_.auth_timeout_s + 60), why);
    if (!host) {
      error = why;
      return false;
    }
    std::string scope = merge_scopes(entry_ ? entry_->scope : "", challenge->scope);
    notice("{} needs more permissions (scope \"{}\"); signing in again", server_url_, challenge->scope);
    return full_sign_in_locked(resource_metadata, scope, error);
  }

  if (http_status != 401) {
    error = "unexpected HTTP " + std::to_string(http_status) + " challenge from " + server_url_;
    return false;
  }
  if (!sent.empty() && sent == tracked_header_) ++tracked_rejections_;
  if (!header_locked().empty() && header_locked() != sent) return true;  // replaced meanwhile
  if (adopt_from_store_locked(sent)) return true;
  if (!blocked_.empty()) {
    error = blocked_;
    return false;
  }
  const bool never_worked = sent == tracked_header_ && tracked_rejections_ >= tracked_uses_;
  // A server that moved to another AS explains the 401: sign in there (checked before D1).
  const bool moved = entry_ && entry_->tokens && authorization_server_moved_locked(resource_metadata);
  if (!sent.empty() && sent == fresh_header_ && never_worked && !moved) {
    // D1: authorize, retry once; a 401 for the token just obtained ends it, without a new
    // tab or another refresh: the server does not take what its AS issues.
    blocked_ = "the server rejected the token its authorization server (" + (entry_ ? entry_->issuer : "") +
               ") had just issued (HTTP 401 right after sign-in); check --use-id-token, --resource and "
               "--disable-resource-parameter for this server, then run `tally-bridge login " +
               server_url_ + "`";
    error = blocked_;
    return false;
  }
  auto host = FileLock::acquire(store_.lock_path(server_url_, options_.resource),
                                std::chrono::seconds(options_.auth_timeout_s + 60), why);
  if (!host) {
    error = why;
    return false;
  }
  // The lock holder before us may have signed in or refreshed: use its tokens.
  if (adopt_from_store_locked(sent)) return true;
  if (!moved && entry_ && entry_->tokens && !entry_->tokens->refresh_token.empty()) {
    if (refresh_locked(why)) return true;
    notice("{}", why);
  }
  std::string scope = challenge ? challenge->scope : std::string();
  return full_sign_in_locked(resource_metadata, scope, error);
}

bool OAuthProvider::sign_in_now(const std::vector<std::string>& www_authenticate, std::string& error) {
  std::lock_guard lock(mutex_);
  load_locked();
  std::string why;
  if (!store_.prepare(why)) notice("token store unavailable ({}); the sign-in will not be kept", why);
  auto challenge = find_bearer_challenge(www_authenticate);
  auto host = FileLock::acquire(store_.lock_path(server_url_, options_.resource),
                                std::chrono::seconds(options_.auth_timeout_s + 60), why);
  if (!host) {
    error = why;
    return false;
  }
  return full_sign_in_locked(challenge ? challenge->resource_metadata : "", challenge ? challenge->scope : "",
                             error);
}

}  // namespace tally::bridge::oauth
