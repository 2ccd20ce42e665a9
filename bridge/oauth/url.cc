#include "oauth/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tally::bridge::oauth {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// RFC 3986 host characters: a reg-name or IPv4 address (unreserved, sub-delims
// and %-escapes) or, in brackets, an IPv6 address. Anything else (a second ':',
// a stray ']', a space or a backslash) is refused, so the host a URL is compared
// by is the host it names (fuzz/bridge found "http://z::1]:8080/").
bool valid_host(std::string_view host, bool bracketed) {
  if (host.empty()) return false;
  for (unsigned char c : host) {
    const bool ok = bracketed
                        ? (std::isxdigit(c) || c == ':' || c == '.')
                        : (std::isalnum(c) || std::string_view("-._~!$&'()*+,;=%").find(char(c)) !=
                                                  std::string_view::npos);
    if (!ok) return false;
  }
  return !bracketed || host.find(':') != std::string_view::npos;
}
}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  auto colon = text.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  url.scheme = lower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view rest = text.substr(colon + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    url.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    url.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  if (authority.find('@') != std::string_view::npos)
    return std::nullopt;  // no userinfo in OAuth URLs
  std::string_view port;
  const bool bracketed = !authority.empty() && authority.front() == '[';
  if (bracketed) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    auto c = authority.rfind(':');
    url.host = lower(authority.substr(0, c));
    if (c != std::string_view::npos) port = authority.substr(c + 1);
  }
  if (!valid_host(url.host, bracketed)) return std::nullopt;
  if (!port.empty()) {
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), url.port);
    if (ec != std::errc() || ptr != port.data() + port.size() || url.port <= 0 ||
        url.port > 65535) {
      return std::nullopt;
    }
    if (url.port == (url.scheme == "https" ? 443 : 80)) url.port = 0;
  }
  return url;
}

std::string Url::authority() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(port);
  return out;
}

std::string Url::origin() const {
  return scheme + "://" + authority();
}

std::string Url::str() const {
  std::string out = origin() + path;
  if (!query.empty()) out += "?" + query;
  if (!fragment.empty()) out += "#" + fragment;
  return out;
}

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += char(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string encode_form(const Form& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += form_encode(name) + "=" + form_encode(value);
  }
  return out;
}

Form parse_query(std::string_view query) {
  Form out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    out.emplace_back(percent_decode(pair.substr(0, eq)),
                     eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1)));
  }
  return out;
}

std::string with_query(const std::string& url, const Form& fields) {
  if (fields.empty()) return url;
  std::string base = url;
  std::string fragment;
  if (auto hash = base.find('#'); hash != std::string::npos) {
    fragment = base.substr(hash);
    base.resize(hash);
  }
  char sep = base.find('?') == std::string::npos
                 ? '?'
                 : (base.back() == '?' || base.back() == '&' ? '\0' : '&');
  if (sep) base += sep;
  return base + encode_form(fields) + fragment;
}

std::string canonical_resource(std::string_view server_url) {
  auto url = Url::parse(server_url);
  if (!url) return std::string(server_url);
  url->fragment.clear();
  while (!url->path.empty() && url->path.back() == '/') url->path.pop_back();
  return url->str();
}

bool resource_allowed(std::string_view server_url, std::string_view resource) {
  auto server = Url::parse(server_url);
  auto configured = Url::parse(resource);
  if (!server || !configured) return false;
  if (server->origin() != configured->origin()) return false;
  std::string want = server->path;
  std::string have = configured->path;
  // Compare by segments, so /mcp does not cover /mcpx.
  if (want.empty() || want.back() != '/') want += '/';
  if (have.empty() || have.back() != '/') have += '/';
  return want.compare(0, have.size(), have) == 0;
}

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

bool same_issuer(std::string_view a, std::string_view b) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    return s;
  };
  auto ua = Url::parse(a);
  auto ub = Url::parse(b);
  if (ua && ub) return trim(ua->str()) == trim(ub->str());
  return trim(a) == trim(b);
}

}  // namespace tally::bridge::oauth
