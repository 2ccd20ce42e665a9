#pragma once
// The discovery documents of `tally serve --http` (issue 17, seed 002 and the
// server-card draft): what lets an agent find the MCP endpoint without being
// told. All public (no credential, any Origin), cached (ETag, If-None-Match →
// 304, Cache-Control) and built once per public URL from the live tool list.
//
//   /.well-known/mcp/server-card.json, /.well-known/mcp-manifest  seed 002's card: server,
//       transport, auth and the tool list
//   /mcp/server-card                   the draft's Server Card (application/mcp-server-card+json)
//   /.well-known/mcp/catalog.json, /.well-known/ai-catalog.json   catalogs naming the card
//   /.well-known/api-catalog           RFC 9727 linkset anchored on the MCP endpoint
//   /                                  a short page, with an RFC 8288 Link header
#include <map>
#include <mutex>
#include <string>

#include "app/runtime.h"
#include "http/message.h"
#include "mcp/dispatcher.h"

namespace tally::web {

class DiscoveryDocs {
 public:
  DiscoveryDocs(app::Runtime& runtime, mcp::ServerInfo info);

  static bool handles(const std::string& path);
  /// The document at `request.path` for a server reached at `public_url` (canonical);
  /// `auth_on` says whether the MCP endpoint needs a credential.
  http::Response answer(const http::Head& request, const std::string& public_url, bool auth_on);

 private:
  struct Doc {
    std::string body;
    std::string type;
    std::string etag;
  };
  const Doc& doc(const std::string& path, const std::string& public_url, bool auth_on);
  std::string build(const std::string& path, const std::string& public_url, bool auth_on,
                    std::string& type) const;

  app::Runtime& runtime_;
  mcp::ServerInfo info_;
  std::mutex mu_;
  std::map<std::string, Doc> cache_;  // by path + public URL + auth
};

}  // namespace tally::web
