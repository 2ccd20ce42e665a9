#pragma once
// One upstream HTTP connection: a libcurl easy handle (kept alive between
// requests, so sequential calls reuse one warm TCP/TLS connection) driven by
// its own multi handle, which lets another thread abort a transfer at once
// (curl_multi_wakeup) instead of waiting for curl's next progress tick.
//
// Response bodies are streamed to a handler as they arrive: SSE responses
// must reach the client event by event.
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "http_settings.h"

namespace tally::bridge {

/// A request's header lines, owned (curl_slist).
class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }
  void add(std::string_view name, std::string_view value);
  /// Stops curl from sending a header it would add by itself (e.g. Expect).
  void suppress(std::string_view name);
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
  std::string line_;
};

struct ResponseHead {
  long status = 0;
  std::string content_type;  ///< media-type essence, lowercase ("text/event-stream")
  std::string session_id;    ///< Mcp-Session-Id
  std::string location;
  std::vector<std::string> www_authenticate;
};

class ResponseHandler {
 public:
  virtual ~ResponseHandler() = default;
  /// Called once the final (non-redirect) header block is complete.
  virtual void on_head(const ResponseHead&) {}
  /// A chunk of the body; return false to abort the transfer.
  virtual bool on_body(std::string_view chunk) = 0;
};

struct HttpRequest {
  const char* method = "POST";  ///< POST, GET or DELETE
  std::string url;
  const HeaderList* headers = nullptr;
  std::string_view body;
  long timeout_ms = 0;  ///< whole transfer; 0 = none (tools/call has no timeout of its own)
  /// false: when a reused keep-alive connection dies after the body went out and
  /// before any answer, fail (CURLE_SEND_FAIL_REWIND) instead of letting libcurl
  /// send it again on a new one: the server may have run it (a tools/call).
  bool resendable = true;
};

struct HttpResult {
  CURLcode code = CURLE_OK;
  std::string error;  ///< curl's detailed message when code != CURLE_OK
  ResponseHead head;
  bool interrupted = false;
  std::string url;  ///< final URL after same-origin redirects
};

class HttpConnection {
 public:
  explicit HttpConnection(const HttpSettings& settings);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// Runs one request to completion (or interruption). Follows same-origin
  /// redirects (at most 5), keeping method and body, as the TS SDK does.
  HttpResult perform(const HttpRequest& request, ResponseHandler& handler);

  /// Thread-safe: aborts the running transfer and every later one.
  void interrupt();
  bool interrupted() const { return interrupted_.load(std::memory_order_acquire); }

 private:
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static size_t on_write(char* data, size_t size, size_t count, void* self);
  static size_t on_read(char* buffer, size_t size, size_t count, void* self);
  HttpResult run_once(const HttpRequest& request, const std::string& url, ResponseHandler& handler);

  CURL* easy_ = nullptr;
  CURLM* multi_ = nullptr;
  std::atomic<bool> interrupted_{false};
  char error_buffer_[CURL_ERROR_SIZE] = {};

  // Per-transfer state used by the callbacks.
  ResponseHead head_;
  ResponseHandler* handler_ = nullptr;
  bool head_done_ = false;
  bool redirecting_ = false;
  std::string current_url_;
  std::string_view upload_;  ///< what is left of a body that must not be resent
};

/// Makes libcurl's global state ready; call once from main before threads start.
void init_http_globally();

}  // namespace tally::bridge
