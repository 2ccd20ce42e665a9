#pragma once
// The HTTP requests sign-in makes (metadata, registration, token endpoint), over libcurl
// with the relay's HttpSettings: CA file, connect timeout, and plain http only to loopback
// hosts unless --allow-http. Proxies come from the environment (libcurl's default).
// Redirects are not followed: OAuth endpoints answer directly, and following one could
// carry client credentials elsewhere.
#include <map>
#include <string>
#include <vector>

#include "http_settings.h"
#include "oauth/url.h"

namespace tally::bridge::oauth {

struct HttpResponse {
  long status = 0;                                 ///< 0 when the request did not complete
  std::string body;
  std::multimap<std::string, std::string> headers; ///< lowercase names
  std::string error;                               ///< transport failure, human text

  bool ok() const { return status >= 200 && status < 300; }
  std::string header(const std::string& lowercase_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpSettings settings, long total_timeout_ms = 30000);

  HttpResponse get(const std::string& url, const std::vector<std::string>& headers = {}) const;
  HttpResponse post(const std::string& url, const std::string& content_type, const std::string& body,
                    const std::vector<std::string>& headers = {}) const;
  HttpResponse post_form(const std::string& url, const Form& fields,
                         const std::vector<std::string>& headers = {}) const;

  /// Empty when `url` may be fetched; else why not (bad URL, plain http to a remote host).
  std::string refuse_reason(const std::string& url) const;

 private:
  HttpResponse perform(const std::string& method, const std::string& url, const std::string* body,
                       const std::vector<std::string>& headers) const;
  HttpSettings settings_;
  long total_timeout_ms_;
};

}  // namespace tally::bridge::oauth
