#pragma once
// The AuthProvider the relay holds: tokens in memory, the store on disk, and the policy
// for when to refresh, sign in, step up, or give up.
//
// Coordination. Hosts start several bridges for one server at once (Claude Desktop does),
// and each gets a 401. A per-server file lock makes exactly one run the sign-in; the
// others wait on the lock, then find fresh tokens in the store and use them. Refresh
// runs under the same lock and re-reads the store first, so a rotating refresh token is
// spent once per host.
//
// No storms. An interactive sign-in that fails (timeout, refusal), or a freshly obtained
// token that the server rejects on every use, latches: later challenges fail fast with the same message and its next
// step (`tally-bridge login URL`), until tokens appear in the store. Step-up on 403
// insufficient_scope happens at most once per scope set.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "oauth/browser_opener.h"
#include "oauth/http_client.h"
#include "oauth/oauth.h"
#include "oauth/sign_in.h"
#include "oauth/token_store.h"

namespace tally::bridge::oauth {

class OAuthProvider final : public AuthProvider {
 public:
  OAuthProvider(OAuthOptions options, std::string server_url, std::optional<int> callback_port,
                const HttpSettings& http, std::unique_ptr<BrowserOpener> browser, TokenStore store);

  std::string authorization() override;
  bool on_challenge(int http_status, const std::vector<std::string>& www_authenticate,
                    std::string& error) override;

  /// `tally-bridge login`: a sign-in even when tokens are held.
  bool sign_in_now(const std::vector<std::string>& www_authenticate, std::string& error);

 private:
  std::string header_locked() const;
  void load_locked();
  bool adopt_from_store_locked(const std::string& sent);
  bool refresh_locked(std::string& error);
  /// SEP-2352: the server's PRM now names another authorization server than the one our
  /// tokens come from, so refreshing there is pointless and a new sign-in is due.
  bool authorization_server_moved_locked(const std::string& resource_metadata);
  bool full_sign_in_locked(const std::string& resource_metadata, const std::string& scope_hint, std::string& error);
  bool challenge_locked(int http_status, const std::vector<std::string>& www_authenticate, std::string& error);

  OAuthOptions options_;
  std::string server_url_;
  std::optional<int> callback_port_;
  HttpClient http_;
  std::unique_ptr<BrowserOpener> browser_;
  TokenStore store_;
  SignIn sign_in_;

  std::mutex mutex_;
  bool loaded_ = false;
  std::optional<StoreEntry> entry_;
  std::string fresh_header_;  ///< obtained by this process's last sign-in or refresh
  // Whether the current header ever worked: sends counted in authorization(), 401s in
  // on_challenge. A token that has drawn a 401 on every use was never accepted.
  std::string tracked_header_;
  int tracked_uses_ = 0;
  int tracked_rejections_ = 0;
  bool retry_pending_ = false;  ///< on_challenge said retry: the next send is that retry,
                                ///< whose 401 the relay does not report, so it is not counted
  std::string blocked_;       ///< latched failure (no more browser tabs)
  std::map<std::string, int> step_ups_;
};

}  // namespace tally::bridge::oauth
