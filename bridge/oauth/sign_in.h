#pragma once
// The grants that produce tokens, given a Discovery:
//  - authorization code + PKCE through the browser and the loopback callback, with the
//    one-time retry without `resource` when the AS rejects it (docs/protocol.md §D7);
//  - client_credentials (client_secret_basic/post or private_key_jwt, SEP-1046);
//  - enterprise-managed: RFC 8693 exchange at the IdP for an ID-JAG, then the RFC 7523
//    jwt-bearer grant at the AS (SEP-990);
//  - refresh_token.
// No locking or storage policy here: OAuthProvider decides when to call these.
#include <optional>
#include <string>

#include "oauth/browser_opener.h"
#include "oauth/client_registration.h"
#include "oauth/discovery.h"
#include "oauth/token_endpoint.h"
#include "oauth/token_store.h"

namespace tally::bridge::oauth {

struct SignInResult {
  bool ok = false;
  TokenSet tokens;
  std::optional<ClientInfo> registered;  ///< a DCR/CIMD client worth keeping
  std::string scope;                     ///< as requested
  std::string resource;                  ///< as finally sent ("" = omitted)
  std::string error;                     ///< what happened and the next step
  bool drop_registered = false;          ///< the AS no longer knows the stored client
};

class SignIn {
 public:
  SignIn(const OAuthOptions& options, std::string server_url, std::optional<int> callback_port,
         const HttpClient& http, const TokenStore& store, BrowserOpener& browser);

  /// Runs the grant the options call for. `scope_hint` is the challenge's scope (already
  /// merged with the held scope for a step-up). `stored` is a client registered earlier.
  SignInResult run(const Discovery& discovery, const std::string& scope_hint,
                   const std::optional<ClientInfo>& stored);

  /// Spends `entry`'s refresh token; the old one is kept when the AS returns none.
  std::optional<TokenSet> refresh(const StoreEntry& entry, TokenError& error);

  bool interactive() const { return !options_.client_credentials && options_.idp_token_endpoint.empty(); }

 private:
  SignInResult browser_flow(const Discovery& d, const std::string& scope, const std::optional<ClientInfo>& stored,
                            const std::string& resource, bool& resource_rejected);
  SignInResult client_credentials(const Discovery& d, const std::string& scope, const std::string& resource,
                                  bool& resource_rejected);
  SignInResult enterprise(const Discovery& d, const std::string& scope, const std::string& resource,
                          bool& resource_rejected);
  std::optional<ClientInfo> static_client(std::string& error) const;
  bool client_auth_for(const ClientInfo& client, const AuthServerMetadata& as, ClientAuth& auth,
                       std::string& error) const;

  const OAuthOptions& options_;
  std::string server_url_;
  std::optional<int> callback_port_;
  const HttpClient& http_;
  const TokenStore& store_;
  BrowserOpener& browser_;
};

}  // namespace tally::bridge::oauth
