#pragma once
// Sign-in for tally-bridge (issue 5). The relay only sees AuthProvider.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "auth_provider.h"
#include "http_settings.h"

namespace tally::bridge::oauth {

/// Everything the OAuth flags set; filled by add_oauth_options. Flag names follow
/// mcp-remote where it has one, so existing configurations carry over.
struct OAuthOptions {
  std::string static_client_info;  ///< --static-oauth-client-info JSON, @file or ${VAR}
  std::string client_metadata_url; ///< --client-metadata-url (CIMD client_id)
  std::string resource;            ///< --resource: RFC 8707 indicator to send instead of the discovered one
  bool disable_resource = false;   ///< --disable-resource-parameter / --no-resource
  std::string host = "localhost";  ///< --host (redirect URI host)
  std::string callback_path = "/oauth/callback";  ///< --callback-path
  std::vector<std::string> authorize_params;      ///< --authorize-param k=v (repeatable)
  bool use_id_token = false;       ///< --use-id-token: send the ID token as the bearer (Cognito)
  bool assume_pkce_s256 = false;   ///< --assume-pkce-s256: AS omits code_challenge_methods_supported
  std::string scope;               ///< --scope: overrides the scope selection
  int auth_timeout_s = 300;        ///< --auth-timeout: seconds to wait for the browser callback
  bool client_credentials = false; ///< --client-credentials: machine client, no browser
  std::string client_private_key;  ///< --client-private-key @FILE or ${VAR} (private_key_jwt)
  std::string client_signing_alg = "ES256";  ///< --client-signing-alg ES256|RS256
  std::string idp_token_endpoint;  ///< --idp-token-endpoint (enterprise-managed sign-in)
  std::string idp_client_id;       ///< --idp-client-id
  std::string idp_client_secret;   ///< --idp-client-secret @FILE or ${VAR} (optional)
  std::string idp_id_token;        ///< --idp-id-token @FILE or ${VAR}
};

/// Registers the OAuth flags on the bridge's command line.
void add_oauth_options(CLI::App& app, OAuthOptions& options);

/// The provider the relay uses for `server_url`. Never opens a browser by itself:
/// only on_challenge starts a sign-in. Construction does no I/O; the token store is read
/// on the first authorization() call.
std::unique_ptr<AuthProvider> make_auth_provider(const OAuthOptions& options,
                                                 const std::string& server_url,
                                                 std::optional<int> callback_port,
                                                 const HttpSettings& http);

/// `tally-bridge login|logout|status …`: argv[1] is the subcommand. Returns the exit code.
int run_command(int argc, char** argv);

}  // namespace tally::bridge::oauth
