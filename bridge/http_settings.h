#pragma once
// Transport settings every upstream HTTP request of the bridge shares: the relay's
// and sign-in's (discovery, registration, token requests) alike.
#include <string>

namespace tally::bridge {

struct HttpSettings {
  std::string ca_file;            ///< --ca-file; empty = the system trust store (libcurl default)
  bool allow_http = false;        ///< --allow-http: plain http beyond loopback hosts
  long connect_timeout_ms = 10000;  ///< bounded connect; no overall timeout on tools/call
};

}  // namespace tally::bridge
