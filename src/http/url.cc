#include "http/url.h"

#include "http/host_origin.h"

namespace tally::http {

std::string Url::authority() const {
  std::string host_part = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const bool default_port =
      (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
  return default_port ? host_part : host_part + ":" + port;
}

std::string Url::redacted() const {
  return scheme + "://" + authority() + target.substr(0, target.find('?'));
}

std::optional<Url> parse_url(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<Url> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  Url url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return fail("not an absolute URL");
  for (char c : text.substr(0, scheme_end))
    url.scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (url.scheme != "http" && url.scheme != "https") return fail("only http and https URLs");
  auto rest = text.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos) rest = rest.substr(0, rest.find('#'));
  auto path_start = rest.find_first_of("/?");
  auto authority_text = rest.substr(0, path_start);
  if (authority_text.find('@') != std::string_view::npos)
    return fail("credentials in a URL are not supported");
  auto authority = parse_authority(authority_text);
  if (!authority) return fail("bad host or port");
  url.host = authority->host;
  if (url.host.starts_with('[')) url.host = url.host.substr(1, url.host.size() - 2);
  url.port =
      authority->port ? std::to_string(*authority->port) : (url.scheme == "https" ? "443" : "80");
  url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.target.starts_with('?')) url.target = "/" + url.target;
  return url;
}

}  // namespace tally::http
