#pragma once
// From a server URL (and the challenge's resource_metadata) to the authorization server
// and the RFC 8707 resource to request (MCP auth §Authorization Server Discovery, §D2–D3,
// §D7 of docs/protocol.md).
#include <string>
#include <vector>

#include "oauth/as_metadata.h"
#include "oauth/http_client.h"
#include "oauth/oauth.h"
#include "oauth/token_store.h"

namespace tally::bridge::oauth {

struct Discovery {
  std::string issuer;  ///< the AS's issuer identifier: the key for clients and tokens
  AuthServerMetadata as;
  std::string resource;  ///< what to send as `resource` ("" = omit)
  std::vector<std::string> prm_scopes;
  bool legacy = false;   ///< no PRM: a 2025-03-26 server, AS at the server's origin
};

/// Fills `out`; false with `error` (a human sentence) when sign-in cannot proceed.
bool discover(const HttpClient& http, const TokenStore& store, const OAuthOptions& options,
              const std::string& server_url, const std::string& resource_metadata_url, Discovery& out,
              std::string& error);

}  // namespace tally::bridge::oauth
