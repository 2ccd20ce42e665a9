#pragma once
// RFC 9728 protected-resource metadata discovery (MCP auth §Protected Resource Metadata
// Discovery): the challenge's resource_metadata URL, then the path-aware well-known URI,
// then the root one. A failing header URL still falls back to well-known (as mcp-remote).
#include <optional>
#include <string>
#include <vector>

#include "oauth/http_client.h"

namespace tally::bridge::oauth {

struct ProtectedResourceMetadata {
  std::string url;  ///< where it was found
  std::string resource;
  std::vector<std::string> authorization_servers;
  std::vector<std::string> scopes_supported;
};

/// The URLs to try, in order, without duplicates.
std::vector<std::string> prm_candidate_urls(const std::string& server_url, const std::string& header_url);

enum class PrmOutcome { found, absent, failed };

/// found: `out` filled and its resource checked against `server_url`; absent: no document
/// anywhere (a 2025-03-26 server); failed: `error` says why (mismatched resource, bad JSON).
PrmOutcome discover_protected_resource(const HttpClient& http, const std::string& server_url,
                                       const std::string& header_url, ProtectedResourceMetadata& out,
                                       std::string& error);

}  // namespace tally::bridge::oauth
