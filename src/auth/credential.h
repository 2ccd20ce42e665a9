#pragma once
// Who a request acts as: the workspace (and brand, and time zone for "today")
// its API key or OAuth token was mapped to, and what it may do there.
#include <cstdint>
#include <string>

namespace tally::auth {

struct Credential {
  std::string id;    ///< key_… for an API key; the mapped claim value for OAuth
  std::string name;  ///< the key's name (for logs); never the secret
  std::int64_t workspace_id = 0;
  std::string workspace;
  std::string timezone;  ///< the workspace's IANA zone
  std::string brand;     ///< affiliate brand slug, "" = the workspace's only one
  bool read_only = false;
  std::string toolsets;  ///< comma-separated, "" = all
};

}  // namespace tally::auth
