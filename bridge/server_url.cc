#include "server_url.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <curl/curl.h>

namespace tally::bridge {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
  char* p = nullptr;
  ~CurlString() { curl_free(p); }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

bool parse_url(const std::string& url, UrlParts& out, std::string& error) {
  UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    error = "\"" + url + "\" is not a valid URL";
    return false;
  }
  CurlString scheme, host, port;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme.p, 0);
  curl_url_get(u.get(), CURLUPART_HOST, &host.p, 0);
  curl_url_get(u.get(), CURLUPART_PORT, &port.p, CURLU_DEFAULT_PORT);
  out.scheme = scheme.p ? lower(scheme.p) : "";
  out.host = host.p ? lower(host.p) : "";
  out.port = port.p ? port.p : "";
  if (out.scheme != "http" && out.scheme != "https") {
    error = "\"" + url + "\" is not an http:// or https:// URL";
    return false;
  }
  if (out.host.empty()) {
    error = "\"" + url + "\" has no host";
    return false;
  }
  return true;
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

bool check_server_url(const std::string& url, bool allow_http, std::string& error) {
  UrlParts parts;
  if (!parse_url(url, parts, error)) return false;
  if (parts.scheme == "http" && !allow_http && !is_loopback_host(parts.host)) {
    error = "refusing plain http to " + parts.host +
            ": tokens and data would travel unencrypted. Use https://, or pass --allow-http if you "
            "trust the network";
    return false;
  }
  return true;
}

bool resolve_url(const std::string& base, const std::string& reference, std::string& out) {
  UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return false;
  // Setting a relative URL on a handle holding an absolute one resolves it (RFC 3986).
  if (curl_url_set(u.get(), CURLUPART_URL, reference.c_str(), 0) != CURLUE_OK) return false;
  CurlString s;
  if (curl_url_get(u.get(), CURLUPART_URL, &s.p, 0) != CURLUE_OK || !s.p) return false;
  out = s.p;
  return true;
}

bool same_origin(const std::string& a, const std::string& b) {
  UrlParts pa, pb;
  std::string ignored;
  if (!parse_url(a, pa, ignored) || !parse_url(b, pb, ignored)) return false;
  return pa.scheme == pb.scheme && pa.host == pb.host && pa.port == pb.port;
}

}  // namespace tally::bridge
