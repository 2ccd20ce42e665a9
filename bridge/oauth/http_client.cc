#include "oauth/http_client.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <curl/curl.h>

#include "tally_version.h"

namespace tally::bridge::oauth {
namespace {
struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<std::multimap<std::string, std::string>*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    auto first = value.find_first_not_of(" \t");
    auto last = value.find_last_not_of(" \t\r\n");
    headers->emplace(name, first == std::string::npos ? "" : value.substr(first, last - first + 1));
  } else if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (e.g. after 100 Continue)
  }
  return size * count;
}

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}
}  // namespace

std::string HttpResponse::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(HttpSettings settings, long total_timeout_ms)
    : settings_(std::move(settings)), total_timeout_ms_(total_timeout_ms) {}

std::string HttpClient::refuse_reason(const std::string& url) const {
  auto parsed = Url::parse(url);
  if (!parsed) return "not an http(s) URL: " + url;
  if (parsed->scheme == "http" && !settings_.allow_http && !is_loopback_host(parsed->host)) {
    return "refusing plain http to " + parsed->origin() + " (OAuth needs https; --allow-http overrides)";
  }
  return {};
}

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers) const {
  return perform("GET", url, nullptr, headers);
}

HttpResponse HttpClient::post(const std::string& url, const std::string& content_type, const std::string& body,
                              const std::vector<std::string>& headers) const {
  auto all = headers;
  all.push_back("Content-Type: " + content_type);
  return perform("POST", url, &body, all);
}

HttpResponse HttpClient::post_form(const std::string& url, const Form& fields,
                                   const std::vector<std::string>& headers) const {
  return post(url, "application/x-www-form-urlencoded", encode_form(fields), headers);
}

HttpResponse HttpClient::perform(const std::string& method, const std::string& url, const std::string* body,
                                 const std::vector<std::string>& headers) const {
  HttpResponse response;
  if (auto why = refuse_reason(url); !why.empty()) {
    response.error = why;
    return response;
  }
  global_init_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    response.error = "libcurl could not start a request";
    return response;
  }
  std::unique_ptr<curl_slist, SlistDeleter> list;
  auto add = [&](const std::string& h) { list.reset(curl_slist_append(list.release(), h.c_str())); };
  bool has_accept = false;
  for (const auto& h : headers) {
    has_accept = has_accept || h.rfind("Accept:", 0) == 0;
    add(h);
  }
  if (!has_accept) add("Accept: application/json");
  static const std::string agent = std::string("tally-bridge/") + TALLY_VERSION;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, settings_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total_timeout_ms_);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    auto parsed = Url::parse(url);
    response.error = std::string(curl_easy_strerror(rc)) + " (" + (parsed ? parsed->origin() : url) + ")";
    return response;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace tally::bridge::oauth
