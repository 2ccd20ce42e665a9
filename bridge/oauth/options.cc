// The OAuth flags. Values that may be secret accept @FILE and ${VAR} so none has to sit in argv.
#include "oauth/oauth.h"

namespace tally::bridge::oauth {

void add_oauth_options(CLI::App& app, OAuthOptions& o) {
  const char* group = "Sign-in (OAuth 2.1)";
  app.add_option("--static-oauth-client-info", o.static_client_info,
                 "Pre-registered client: JSON {\"client_id\",\"client_secret\"?}, @FILE, or ${VAR}")
      ->group(group);
  app.add_option("--client-metadata-url", o.client_metadata_url,
                 "HTTPS URL of a Client ID Metadata Document used as client_id when the server supports it")
      ->group(group);
  app.add_option("--resource", o.resource, "RFC 8707 resource indicator to send instead of the discovered one")
      ->group(group);
  app.add_flag("--disable-resource-parameter,--no-resource", o.disable_resource,
               "Never send the RFC 8707 resource parameter (Cognito, Entra v2)")
      ->group(group);
  app.add_option("--host", o.host, "Host of the sign-in redirect URI (default localhost)")->group(group);
  app.add_option("--callback-path", o.callback_path, "Path of the sign-in redirect URI (default /oauth/callback)")
      ->group(group);
  app.add_option("--authorize-param", o.authorize_params, "Extra authorization request parameter k=v (repeatable)")
      ->group(group);
  app.add_flag("--use-id-token", o.use_id_token, "Send the ID token instead of the access token (Cognito)")
      ->group(group);
  app.add_flag("--assume-pkce-s256", o.assume_pkce_s256,
               "Use PKCE S256 with a server whose metadata omits code_challenge_methods_supported (Cognito)")
      ->group(group);
  app.add_option("--scope", o.scope, "Scope to request (default: the server's challenge, then its scopes_supported)")
      ->group(group);
  app.add_option("--auth-timeout", o.auth_timeout_s, "Seconds to wait for the browser sign-in (default 300)")
      ->check(CLI::Range(5, 3600))
      ->group(group);
  app.add_flag("--client-credentials", o.client_credentials,
               "Machine client: client_credentials grant with --static-oauth-client-info, no browser")
      ->group(group);
  app.add_option("--client-private-key", o.client_private_key, "PEM key for private_key_jwt: @FILE or ${VAR}")
      ->group(group);
  app.add_option("--client-signing-alg", o.client_signing_alg, "private_key_jwt algorithm: ES256 or RS256")
      ->check(CLI::IsMember({"ES256", "RS256"}))
      ->group(group);
  app.add_option("--idp-token-endpoint", o.idp_token_endpoint,
                 "Enterprise sign-in: the identity provider's token endpoint (RFC 8693 exchange for an ID-JAG)")
      ->group(group);
  app.add_option("--idp-client-id", o.idp_client_id, "Enterprise sign-in: client_id at the identity provider")
      ->group(group);
  app.add_option("--idp-client-secret", o.idp_client_secret,
                 "Enterprise sign-in: client secret at the identity provider, @FILE or ${VAR}")
      ->group(group);
  app.add_option("--idp-id-token", o.idp_id_token, "Enterprise sign-in: the user's ID token, @FILE or ${VAR}")
      ->group(group);
}

}  // namespace tally::bridge::oauth
