#include "http/host_origin.h"
#include "http/message.h"

#include <charconv>

namespace tally::http {
namespace {

std::optional<unsigned> parse_port(std::string_view digits) {
  unsigned port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port > 65535)
    return std::nullopt;
  return port;
}

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::optional<Authority> parse_authority(std::string_view text) {
  Authority out;
  std::string_view rest;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = lower(text.substr(0, close + 1));
    for (char c : std::string_view(out.host).substr(1, out.host.size() - 2))
      if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return std::nullopt;
    // An IPv6 literal has colons: "[]" (an empty host, found by fuzz/http_checks)
    // and "[1.2.3.4]" are none.
    if (out.host.find(':') == std::string::npos) return std::nullopt;
    rest = text.substr(close + 1);
  } else {
    auto colon = text.find(':');
    out.host = lower(text.substr(0, colon));
    if (out.host.empty()) return std::nullopt;
    for (char c : out.host)
      if (!valid_host_char(c)) return std::nullopt;
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  if (!rest.empty()) {
    if (rest[0] != ':') return std::nullopt;
    out.port = parse_port(rest.substr(1));
    if (!out.port) return std::nullopt;
  }
  return out;
}

bool is_loopback_host(std::string_view lower_host) {
  return lower_host == "localhost" || lower_host == "127.0.0.1" || lower_host == "[::1]";
}

bool host_allowed(std::optional<std::string_view> host,
                  const std::vector<std::string>& public_hosts) {
  if (!host) return false;
  auto authority = parse_authority(*host);
  if (!authority) return false;
  if (is_loopback_host(authority->host)) return true;
  for (const auto& entry : public_hosts) {
    auto allowed = parse_authority(entry);
    if (!allowed || allowed->host != authority->host) continue;
    if (!allowed->port || allowed->port == authority->port) return true;
  }
  return false;
}

std::optional<std::string> normalize_origin(std::string_view origin) {
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  auto scheme = lower(origin.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  auto rest = origin.substr(scheme_end + 3);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  auto authority = parse_authority(rest);
  if (!authority) return std::nullopt;
  std::string out = scheme + "://" + authority->host;
  const unsigned default_port = scheme == "https" ? 443 : 80;
  if (authority->port && *authority->port != default_port)
    out += ":" + std::to_string(*authority->port);
  return out;
}

bool origin_allowed(std::optional<std::string_view> origin,
                    const std::vector<std::string>& allowed_origins, bool bound_to_loopback) {
  if (!origin) return true;
  auto normal = normalize_origin(*origin);
  if (!normal) return false;
  for (const auto& entry : allowed_origins)
    if (normalize_origin(entry) == normal) return true;
  if (bound_to_loopback) {
    auto host = parse_authority(normal->substr(normal->find("://") + 3));
    return host && is_loopback_host(host->host);
  }
  return false;
}

}  // namespace tally::http
