// The entry points the relay calls; everything else lives in one file per step.
#include "oauth/oauth.h"

#include "oauth/oauth_provider.h"

namespace tally::bridge::oauth {

std::unique_ptr<AuthProvider> make_auth_provider(const OAuthOptions& options, const std::string& server_url,
                                                 std::optional<int> callback_port, const HttpSettings& http) {
  return std::make_unique<OAuthProvider>(options, server_url, callback_port, http, system_browser_opener(),
                                         TokenStore(TokenStore::default_root()));
}

}  // namespace tally::bridge::oauth
