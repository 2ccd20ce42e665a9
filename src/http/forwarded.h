#pragma once
// Who a request comes from: the peer, or behind a reverse proxy named with
// --trust-proxy the last address that proxy appended to X-Forwarded-For
// (anything a client put before it is ignored: it could say anything).
#include <string>
#include <vector>

#include "http/message.h"

namespace tally::http {

std::string client_address(const Head& head, const std::vector<std::string>& trusted_proxies);

}  // namespace tally::http
