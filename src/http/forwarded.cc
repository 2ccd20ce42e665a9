#include "http/forwarded.h"

#include <algorithm>

namespace tally::http {

std::string client_address(const Head& head, const std::vector<std::string>& trusted_proxies) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), head.peer_address) ==
      trusted_proxies.end())
    return head.peer_address;
  auto forwarded = head.header("x-forwarded-for");
  if (!forwarded) return head.peer_address;
  std::string_view list = *forwarded;
  auto comma = list.rfind(',');
  std::string last(trim(comma == std::string_view::npos ? list : list.substr(comma + 1)));
  return last.empty() ? head.peer_address : last;
}

}  // namespace tally::http
