#include "http_connection.h"

#include <algorithm>
#include <cctype>

#include "server_url.h"
#include "tally_version.h"

namespace tally::bridge {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// libcurl resends a request whose reused connection died before any answer, and
// must rewind the body to do so; refusing the rewind turns that into an error.
int refuse_rewind(void*, curl_off_t, int) {
  return CURL_SEEKFUNC_CANTSEEK;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

void init_http_globally() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

void HeaderList::add(std::string_view name, std::string_view value) {
  line_.assign(name);
  if (value.empty()) {
    line_.push_back(';');  // curl's spelling of "send this header empty" ("Name:" would remove it)
  } else {
    line_.append(": ");
    line_.append(value);
  }
  if (curl_slist* grown = curl_slist_append(list_, line_.c_str())) list_ = grown;
}

void HeaderList::suppress(std::string_view name) {
  line_.assign(name);
  line_.push_back(':');
  if (curl_slist* grown = curl_slist_append(list_, line_.c_str())) list_ = grown;
}

HttpConnection::HttpConnection(const HttpSettings& settings)
    : easy_(curl_easy_init()), multi_(curl_multi_init()) {
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);  // long-lived SSE streams through NATs
  curl_easy_setopt(easy_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, "tally-bridge/" TALLY_VERSION);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &HttpConnection::on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &HttpConnection::on_write);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_READFUNCTION, &HttpConnection::on_read);
  curl_easy_setopt(easy_, CURLOPT_READDATA, this);
  curl_easy_setopt(easy_, CURLOPT_SEEKFUNCTION, &refuse_rewind);
  curl_easy_setopt(easy_, CURLOPT_UPLOAD_BUFFERSIZE, 16L * 1024);  // the least; bodies are small
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  if (!settings.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, settings.ca_file.c_str());
}

HttpConnection::~HttpConnection() {
  curl_multi_cleanup(multi_);
  curl_easy_cleanup(easy_);
}

void HttpConnection::interrupt() {
  interrupted_.store(true, std::memory_order_release);
  curl_multi_wakeup(multi_);
}

HttpResult HttpConnection::perform(const HttpRequest& request, ResponseHandler& handler) {
  std::string url = request.url;
  for (int hop = 0;; ++hop) {
    HttpResult result = run_once(request, url, handler);
    if (!redirecting_ || hop == 5) return result;
    std::string next;
    if (!resolve_url(url, result.head.location, next) || !same_origin(url, next)) return result;
    url = std::move(next);
  }
}

HttpResult HttpConnection::run_once(const HttpRequest& request, const std::string& url,
                                    ResponseHandler& handler) {
  HttpResult result;
  result.url = url;
  head_ = ResponseHead{};
  handler_ = &handler;
  head_done_ = false;
  redirecting_ = false;
  current_url_ = url;
  error_buffer_[0] = '\0';

  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, request.headers ? request.headers->get() : nullptr);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  const std::string_view method = request.method;
  if (method == "POST") {
    curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(easy_, CURLOPT_POST, 1L);
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    // POSTFIELDS libcurl can rewind by itself; a body it reads through on_read it cannot.
    upload_ = request.body;
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request.resendable ? request.body.data() : nullptr);
  } else {
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method == "GET" ? nullptr : request.method);
  }

  if (interrupted()) {
    result.interrupted = true;
    result.code = CURLE_ABORTED_BY_CALLBACK;
    return result;
  }
  curl_multi_add_handle(multi_, easy_);
  int running = 1;
  while (running) {
    if (curl_multi_perform(multi_, &running) != CURLM_OK) break;
    if (!running || interrupted()) break;
    curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }
  result.code = CURLE_OK;
  int queued = 0;
  bool finished = false;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg == CURLMSG_DONE) {
      result.code = msg->data.result;
      finished = true;
    }
  }
  curl_multi_remove_handle(multi_, easy_);
  if (!finished) {
    result.interrupted = true;
    result.code = CURLE_ABORTED_BY_CALLBACK;
  }
  if (result.code != CURLE_OK)
    result.error = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result.code);
  // A body-less response (202, or an error before any body) still owes its head.
  if (!head_done_ && head_.status != 0 && result.code == CURLE_OK) {
    head_done_ = true;
    if (!redirecting_) handler.on_head(head_);
  }
  result.head = std::move(head_);
  handler_ = nullptr;
  return result;
}

size_t HttpConnection::on_header(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<HttpConnection*>(self_ptr);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") {
    // A new header block (after 100 Continue or a redirect) starts afresh.
    self->head_ = ResponseHead{};
    self->head_done_ = false;
    auto space = line.find(' ');
    if (space != std::string_view::npos) {
      long status = 0;
      for (std::size_t i = space + 1;
           i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); ++i)
        status = status * 10 + (line[i] - '0');
      self->head_.status = status;
    }
    return n;
  }
  std::string_view t = trim(line);
  if (t.empty()) {
    if (self->head_.status >= 200 && !self->head_done_) {
      self->redirecting_ = is_redirect(self->head_.status) && !self->head_.location.empty();
      if (self->redirecting_) {
        std::string next;
        self->redirecting_ = resolve_url(self->current_url_, self->head_.location, next) &&
                             same_origin(self->current_url_, next);
      }
      self->head_done_ = true;
      if (!self->redirecting_) self->handler_->on_head(self->head_);
    }
    return n;
  }
  auto colon = t.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view name = trim(t.substr(0, colon));
  std::string_view value = trim(t.substr(colon + 1));
  if (iequals(name, "content-type")) {
    auto semi = value.find(';');
    std::string essence(trim(value.substr(0, semi)));
    std::transform(essence.begin(), essence.end(), essence.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    self->head_.content_type = std::move(essence);
  } else if (iequals(name, "mcp-session-id")) {
    self->head_.session_id.assign(value);
  } else if (iequals(name, "location")) {
    self->head_.location.assign(value);
  } else if (iequals(name, "www-authenticate")) {
    self->head_.www_authenticate.emplace_back(value);
  }
  return n;
}

size_t HttpConnection::on_read(char* buffer, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<HttpConnection*>(self_ptr);
  const size_t n = std::min(size * count, self->upload_.size());
  std::copy_n(self->upload_.data(), n, buffer);
  self->upload_.remove_prefix(n);
  return n;
}

size_t HttpConnection::on_write(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<HttpConnection*>(self_ptr);
  const size_t n = size * count;
  if (self->redirecting_) return n;  // the redirect's own body is not the answer
  if (!self->head_done_) {
    self->head_done_ = true;
    self->handler_->on_head(self->head_);
  }
  return self->handler_->on_body(std::string_view(data, n)) ? n : 0;
}

}  // namespace tally::bridge
