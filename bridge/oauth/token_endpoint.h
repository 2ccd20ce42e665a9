#pragma once
// Requests to an OAuth token endpoint: authorization_code, refresh_token,
// client_credentials, jwt-bearer (RFC 7523) and token exchange (RFC 8693), with the
// client authentication the AS takes (client_secret_basic, client_secret_post, none,
// private_key_jwt). Errors keep the AS's `error` code, which decides what happens next.
#include <optional>
#include <string>

#include "oauth/client_registration.h"
#include "oauth/http_client.h"
#include "oauth/token_set.h"

namespace tally::bridge::oauth {

struct ClientAuth {
  ClientInfo client;
  std::string method;           ///< client_secret_basic | client_secret_post | none | private_key_jwt
  std::string private_key_pem;  ///< private_key_jwt only
  std::string signing_alg = "ES256";
  std::string audience;         ///< the AS issuer, the assertion's `aud`
};

struct TokenError {
  std::string error;        ///< OAuth error code ("invalid_grant"), or "" for transport/HTTP failures
  std::string description;  ///< the AS's error_description, or the transport failure
  long status = 0;
  std::string message() const;  ///< one line for humans; never contains a token
};

/// POSTs `fields` plus client authentication; parses a token response.
std::optional<TokenSet> request_token(const HttpClient& http, const std::string& token_endpoint, Form fields,
                                      const ClientAuth& auth, TokenError& error);

/// RFC 8693 response fields are the same shape, but `access_token` holds the issued token
/// (an ID-JAG here) and there is no expiry to keep.
std::optional<std::string> exchange_token(const HttpClient& http, const std::string& token_endpoint, Form fields,
                                          const ClientAuth& auth, TokenError& error);

}  // namespace tally::bridge::oauth
