#include "auth/url.h"

#include <algorithm>
#include <stdexcept>

namespace tally::auth {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 5 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}
}  // namespace

std::string Url::origin() const {
  return scheme + "://" + host + (port.empty() ? "" : ":" + port);
}

std::optional<Url> parse_url(const std::string& text) {
  auto colon = text.find("://");
  if (colon == std::string::npos) return std::nullopt;
  Url url;
  url.scheme = lower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string rest = text.substr(colon + 3);
  auto hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  auto authority_end = rest.find_first_of("/?");
  std::string authority = rest.substr(0, authority_end);
  std::string tail = authority_end == std::string::npos ? "" : rest.substr(authority_end);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  for (unsigned char c : authority)
    if (c <= ' ' || c >= 0x7F) return std::nullopt;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    url.host = lower(authority.substr(0, close + 1));
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':' || !all_digits(after.substr(1))) return std::nullopt;
      url.port = after.substr(1);
    }
  } else {
    auto port_at = authority.rfind(':');
    url.host = lower(authority.substr(0, port_at));
    if (port_at != std::string::npos) {
      url.port = authority.substr(port_at + 1);
      if (!all_digits(url.port)) return std::nullopt;
    }
  }
  if (url.host.empty()) return std::nullopt;
  if ((url.scheme == "https" && url.port == "443") || (url.scheme == "http" && url.port == "80"))
    url.port.clear();
  auto q = tail.find('?');
  url.path = tail.substr(0, q);
  if (q != std::string::npos) url.query = tail.substr(q + 1);
  return url;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "[::1]") return true;
  // 127.x.y.z as a dotted quad (not a name such as 127.example.com).
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

std::string canonical_public_url(const std::string& text) {
  auto url = parse_url(text);
  if (!url)
    throw std::invalid_argument("--public-url: \"" + text +
                                "\" is not an http(s) URL such as https://books.example.com");
  if (!url->query.empty() || text.find('#') != std::string::npos)
    throw std::invalid_argument("--public-url: \"" + text +
                                "\" has a query or fragment; give the origin and an optional path "
                                "prefix, e.g. https://example.com/tally");
  std::string path = url->path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  return url->origin() + path;
}

std::string resource_url(const std::string& public_url) {
  return canonical_public_url(public_url) + "/mcp";
}

void require_secure_url(const std::string& text, const std::string& what) {
  auto url = parse_url(text);
  if (!url) throw std::invalid_argument(what + ": \"" + text + "\" is not an http(s) URL");
  if (url->scheme != "https" && !is_loopback_host(url->host))
    throw std::invalid_argument(what + ": \"" + text +
                                "\" must use https (plain http only on a loopback address)");
}

}  // namespace tally::auth
