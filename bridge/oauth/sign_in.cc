#include "oauth/sign_in.h"

#include <chrono>

#include "oauth/authorization_request.h"
#include "oauth/json_fields.h"
#include "oauth/loopback_callback.h"
#include "oauth/notice.h"
#include "oauth/pkce.h"
#include "oauth/secret_source.h"

namespace tally::bridge::oauth {
namespace {
bool points_at_resource(const TokenError& e) { return e.error == "invalid_target" || e.error == "invalid_grant"; }

SignInResult failure(std::string message) {
  SignInResult r;
  r.error = std::move(message);
  return r;
}
}  // namespace

SignIn::SignIn(const OAuthOptions& options, std::string server_url, std::optional<int> callback_port,
               const HttpClient& http, const TokenStore& store, BrowserOpener& browser)
    : options_(options),
      server_url_(std::move(server_url)),
      callback_port_(callback_port),
      http_(http),
      store_(store),
      browser_(browser) {}

std::optional<ClientInfo> SignIn::static_client(std::string& error) const {
  if (options_.static_client_info.empty()) return std::nullopt;
  return parse_static_client_info(options_.static_client_info, error);
}

bool SignIn::client_auth_for(const ClientInfo& client, const AuthServerMetadata& as, ClientAuth& auth,
                             std::string& error) const {
  auth.client = client;
  auth.audience = as.issuer;
  if (!options_.client_private_key.empty() && client.source == "static") {
    auto pem = resolve_secret(options_.client_private_key, error);
    if (!pem) {
      error = "--client-private-key: " + error;
      return false;
    }
    auth.method = "private_key_jwt";
    auth.private_key_pem = *pem;
    auth.signing_alg = options_.client_signing_alg;
    return true;
  }
  auth.method = select_auth_method(client, as.token_endpoint_auth_methods_supported);
  return true;
}

SignInResult SignIn::run(const Discovery& d, const std::string& scope_hint, const std::optional<ClientInfo>& stored) {
  std::string scope = select_scope(options_.scope, scope_hint, d.prm_scopes, d.as.scopes_supported);
  bool rejected = false;
  auto attempt = [&](const std::string& resource, const std::optional<ClientInfo>& client) {
    rejected = false;
    if (options_.client_credentials) return client_credentials(d, scope, resource, rejected);
    if (!options_.idp_token_endpoint.empty()) return enterprise(d, scope, resource, rejected);
    return browser_flow(d, scope, client, resource, rejected);
  };
  SignInResult result = attempt(d.resource, stored);
  if (rejected) {
    // §D7: the AS refused `resource` (or spent the code because of it). One more try
    // without it, never more, and remember the choice for this issuer.
    notice("{} rejected the RFC 8707 resource parameter ({}); signing in once more without it{}", d.issuer,
           result.error, interactive() ? " (one more browser visit)" : "");
    auto registered = result.registered ? result.registered : stored;
    SignInResult second = attempt("", registered);
    if (!second.registered) second.registered = result.registered;
    if (second.ok) {
      std::string why;
      if (store_.remember_omit_resource(d.issuer, why)) {
        notice("remembered: no resource parameter for {} (pass --resource to send one anyway)", d.issuer);
      }
    } else if (rejected) {
      second.error += "; it fails without the resource parameter too";
    }
    result = std::move(second);
  }
  result.scope = scope;
  return result;
}

SignInResult SignIn::browser_flow(const Discovery& d, const std::string& scope, const std::optional<ClientInfo>& stored,
                                  const std::string& resource, bool& resource_rejected) {
  const AuthServerMetadata& as = d.as;
  if (as.authorization_endpoint.empty()) {
    return failure("the authorization server " + as.issuer + " publishes no authorization_endpoint");
  }
  if (!as.from_defaults) {  // MCP 2025-11-25: refuse an AS that does not promise S256
    if (as.lists_code_challenge_methods && !contains(as.code_challenge_methods_supported, "S256")) {
      return failure("the authorization server " + as.issuer + " does not support PKCE S256; cannot sign in safely");
    }
    if (!as.lists_code_challenge_methods && !options_.assume_pkce_s256) {
      return failure("the authorization server " + as.issuer +
                     " does not list code_challenge_methods_supported, so PKCE support is unknown; if it supports "
                     "S256 (Amazon Cognito does), add --assume-pkce-s256");
    }
  }
  std::string error;
  auto extra = parse_authorize_params(options_.authorize_params, error);
  if (!extra) return failure(error);

  // Which client: pre-registered, then CIMD, then one registered earlier, then DCR.
  std::optional<ClientInfo> client = static_client(error);
  if (!error.empty()) return failure(error);
  bool strict_port = callback_port_.has_value();
  int port = callback_port_.value_or(derived_callback_port(server_url_));
  std::string host = options_.host;
  std::string path = options_.callback_path;
  if (client) {
    strict_port = true;  // its redirect URI was registered by hand: exact match
    if (!callback_port_ && !client->redirect_uris.empty()) {
      if (auto u = Url::parse(client->redirect_uris.front()); u && is_loopback_host(u->host) && u->port) {
        port = u->port;
        host = u->host;
        path = u->path.empty() ? "/" : u->path;
      }
    }
  } else if (as.client_id_metadata_document_supported && !options_.client_metadata_url.empty()) {
    if (!valid_client_metadata_url(options_.client_metadata_url)) {
      return failure("--client-metadata-url must be an https URL with a path");
    }
    client = ClientInfo{options_.client_metadata_url, "", "none", {}, "cimd", d.issuer};
    strict_port = true;  // the document lists the redirect URI
  }

  std::string state = random_token(16);  // 128 bits
  LoopbackCallback callback(path, state);
  if (!callback.listen(port, strict_port ? 1 : 8, error)) {
    return failure(error + (strict_port ? "; free that port or pass another callback-port after the URL" : ""));
  }
  std::string redirect = redirect_uri(host, callback.port(), path);

  SignInResult result;
  if (!client) {
    if (stored && stored->source == "dcr" && same_issuer(stored->issuer, d.issuer) &&
        contains(stored->redirect_uris, redirect)) {
      client = stored;
    } else {
      client = register_client(http_, as, redirect, scope, error);
      if (!client) return failure(error);
      notice("registered tally-bridge as a client of {}", d.issuer);
    }
    result.registered = client;
  } else if (client->source == "cimd") {
    result.registered = client;
  }

  Pkce pkce = make_pkce();
  AuthorizeRequest request{client->client_id, redirect, pkce.challenge, state, scope, resource, *extra};
  browser_.open(authorization_url(as, request));
  auto answer = callback.wait(std::chrono::seconds(options_.auth_timeout_s));
  if (!answer) {
    result.error = "no sign-in completed within " + std::to_string(options_.auth_timeout_s) +
                   " s (the browser never came back to " + redirect +
                   "); run `tally-bridge login " + server_url_ + "` in a terminal, then retry";
    return result;
  }
  // RFC 9207 (MCP 2026-07-28, SEP-2468), before anything else in the answer is used, its
  // error included: an `iss` must equal our AS's issuer as a plain string (no URL
  // normalisation), and an AS that promises one must send it.
  if ((answer->has_iss && answer->iss != as.issuer) ||
      (!answer->has_iss && as.authorization_response_iss_parameter_supported)) {
    result.error = answer->has_iss ? "the sign-in response came from issuer \"" + answer->iss + "\", not " + as.issuer +
                                         "; refused (possible mix-up attack)"
                                   : "the sign-in response from " + as.issuer +
                                         " lacks the iss parameter its metadata promises; refused (possible mix-up attack)";
    return result;
  }
  if (!answer->error.empty()) {
    result.error = "the authorization server did not sign you in: " + answer->error +
                   (answer->error_description.empty() ? "" : " (" + answer->error_description + ")");
    resource_rejected = answer->error == "invalid_target" && !resource.empty();
    if (!resource_rejected) result.error += "; fix that, then run `tally-bridge login " + server_url_ + "`";
    return result;
  }

  ClientAuth auth;
  if (!client_auth_for(*client, as, auth, error)) return failure(error);
  Form fields = {{"grant_type", "authorization_code"},
                 {"code", answer->code},
                 {"code_verifier", pkce.verifier},
                 {"redirect_uri", redirect}};
  if (!resource.empty()) fields.emplace_back("resource", resource);
  TokenError token_error;
  auto tokens = request_token(http_, as.token_endpoint, fields, auth, token_error);
  if (!tokens) {
    result.error = "the token exchange at " + as.token_endpoint + " failed: " + token_error.message();
    resource_rejected = !resource.empty() && points_at_resource(token_error);
    result.drop_registered = (token_error.error == "invalid_client" || token_error.error == "unauthorized_client") &&
                             client->source == "dcr";
    return result;
  }
  tokens->issuer = d.issuer;
  if (tokens->scope.empty()) tokens->scope = scope;
  if (options_.use_id_token && tokens->id_token.empty()) {
    result.error = "--use-id-token is set but " + d.issuer +
                   " returned no ID token; request the openid scope (e.g. --scope \"openid email\")";
    return result;
  }
  result.ok = true;
  result.tokens = std::move(*tokens);
  result.resource = resource;
  notice("signed in to {}", server_url_);
  return result;
}

SignInResult SignIn::client_credentials(const Discovery& d, const std::string& scope, const std::string& resource,
                                        bool& resource_rejected) {
  std::string error;
  auto client = static_client(error);
  if (!client) {
    return failure(error.empty() ? "--client-credentials needs --static-oauth-client-info with client_id (and "
                                   "client_secret, or --client-private-key)"
                                 : error);
  }
  ClientAuth auth;
  if (!client_auth_for(*client, d.as, auth, error)) return failure(error);
  Form fields = {{"grant_type", "client_credentials"}};
  if (!scope.empty()) fields.emplace_back("scope", scope);
  if (!resource.empty()) fields.emplace_back("resource", resource);
  TokenError token_error;
  auto tokens = request_token(http_, d.as.token_endpoint, fields, auth, token_error);
  if (!tokens) {
    resource_rejected = !resource.empty() && token_error.error == "invalid_target";
    return failure("the client_credentials grant at " + d.as.token_endpoint + " failed: " + token_error.message());
  }
  tokens->issuer = d.issuer;
  if (tokens->scope.empty()) tokens->scope = scope;
  SignInResult result;
  result.ok = true;
  result.tokens = std::move(*tokens);
  result.resource = resource;
  return result;
}

SignInResult SignIn::enterprise(const Discovery& d, const std::string& scope, const std::string& resource,
                                bool& resource_rejected) {
  std::string error;
  auto client = static_client(error);
  if (!client) {
    return failure(error.empty() ? "enterprise sign-in needs --static-oauth-client-info (the client at " + d.issuer +
                                       ")"
                                 : error);
  }
  if (options_.idp_client_id.empty() || options_.idp_id_token.empty()) {
    return failure("enterprise sign-in needs --idp-client-id and --idp-id-token with --idp-token-endpoint");
  }
  auto id_token = resolve_secret(options_.idp_id_token, error);
  if (!id_token) return failure("--idp-id-token: " + error);
  ClientAuth idp_auth;
  idp_auth.client.client_id = options_.idp_client_id;
  idp_auth.method = "none";
  if (!options_.idp_client_secret.empty()) {
    auto secret = resolve_secret(options_.idp_client_secret, error);
    if (!secret) return failure("--idp-client-secret: " + error);
    idp_auth.client.client_secret = *secret;
    idp_auth.method = "client_secret_basic";
  }
  // RFC 8693 at the identity provider: the user's ID token for an ID-JAG addressed to our AS.
  Form exchange = {{"grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"},
                   {"requested_token_type", "urn:ietf:params:oauth:token-type:id-jag"},
                   {"subject_token", *id_token},
                   {"subject_token_type", "urn:ietf:params:oauth:token-type:id_token"},
                   {"audience", d.issuer}};
  if (!resource.empty()) exchange.emplace_back("resource", resource);
  if (!scope.empty()) exchange.emplace_back("scope", scope);
  TokenError token_error;
  auto grant = exchange_token(http_, options_.idp_token_endpoint, exchange, idp_auth, token_error);
  if (!grant) {
    resource_rejected = !resource.empty() && token_error.error == "invalid_target";
    return failure("the token exchange at the identity provider " + options_.idp_token_endpoint +
                   " failed: " + token_error.message());
  }
  // RFC 7523 at the AS: the ID-JAG as a jwt-bearer authorization grant.
  ClientAuth auth;
  if (!client_auth_for(*client, d.as, auth, error)) return failure(error);
  Form fields = {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", *grant}};
  if (!scope.empty()) fields.emplace_back("scope", scope);
  if (!resource.empty()) fields.emplace_back("resource", resource);
  auto tokens = request_token(http_, d.as.token_endpoint, fields, auth, token_error);
  if (!tokens) {
    resource_rejected = !resource.empty() && token_error.error == "invalid_target";
    return failure("the jwt-bearer grant at " + d.as.token_endpoint + " failed: " + token_error.message());
  }
  tokens->issuer = d.issuer;
  if (tokens->scope.empty()) tokens->scope = scope;
  SignInResult result;
  result.ok = true;
  result.tokens = std::move(*tokens);
  result.resource = resource;
  return result;
}

std::optional<TokenSet> SignIn::refresh(const StoreEntry& entry, TokenError& error) {
  if (!entry.tokens || entry.tokens->refresh_token.empty()) {
    error.description = "no refresh token";
    return std::nullopt;
  }
  std::string why;
  std::optional<ClientInfo> client = entry.client;
  if (!client || client->source == "static") client = static_client(why);
  if (!client) {
    error.description = why.empty() ? "no client to refresh with" : why;
    return std::nullopt;
  }
  ClientAuth auth;
  if (!client_auth_for(*client, entry.as, auth, why)) {
    error.description = why;
    return std::nullopt;
  }
  Form fields = {{"grant_type", "refresh_token"}, {"refresh_token", entry.tokens->refresh_token}};
  if (!entry.resource.empty()) fields.emplace_back("resource", entry.resource);
  auto tokens = request_token(http_, entry.as.token_endpoint, fields, auth, error);
  if (!tokens) return std::nullopt;
  const TokenSet& old = *entry.tokens;
  if (tokens->refresh_token.empty()) tokens->refresh_token = old.refresh_token;
  if (tokens->id_token.empty() && !options_.use_id_token) tokens->id_token = old.id_token;
  if (tokens->scope.empty()) tokens->scope = old.scope;
  tokens->issuer = entry.issuer;
  return tokens;
}

}  // namespace tally::bridge::oauth
