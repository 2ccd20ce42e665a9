#include "streamable_upstream.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "upstream_error.h"

namespace tally::bridge {
namespace {

constexpr int kMaxResumeFailures = 3;
constexpr auto kReinitializeTimeout = std::chrono::seconds(60);

bool ok_status(long s) { return s >= 200 && s < 300; }

}  // namespace

void StreamableUpstream::build_post_headers(HeaderList& headers, const ClientMessage& message,
                                            const SessionState::View& view, const AuthGate::Ticket& ticket) const {
  add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
  // An initialize opens a session; it must not carry an old one.
  if (!message.is_initialize()) add_session_headers(headers, view);
}

void StreamableUpstream::send(const ClientMessage& message, HttpConnection& connection, Fallback* fallback,
                              bool may_reinitialize) {
  const std::string key = message.is_request() ? id_key(message.raw_id) : std::string();
  const std::string& url = ctx_.options.server_url;
  bool reinitialized = !may_reinitialize, reauthorized = false;
  for (;;) {
    if (may_reinitialize) {
      // A re-initialize in progress holds this: wait for the new session rather
      // than POST with none.
      std::lock_guard wait_for_session(reinit_mutex_);
    }
    auto view = ctx_.session.view();
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    build_post_headers(headers, message, view, ticket);
    MessageStream stream(ctx_.router, key);
    if (message.is_initialize()) {
      // Stored before the response reaches the client, whose next message needs it.
      stream.head_hook = [this](const ResponseHead& head) {
        if (ok_status(head.status) && !head.session_id.empty()) ctx_.session.set_session_id(head.session_id);
      };
    }
    HttpRequest request;
    request.url = url;
    request.headers = &headers;
    request.body = message.text;
    spdlog::debug("client -> server POST {} {}", message.method, message.raw_id);
    HttpResult result = connection.perform(request, stream);
    if (result.interrupted) return;
    const long status = result.head.status;

    if (result.code != CURLE_OK) {
      if (stream.mode() == MessageStream::Mode::sse && message.expects_response() && !stream.got_response() &&
          stream.sse().saw_id()) {
        resume(message, connection, stream);
        return;
      }
      if (!stream.got_response()) ctx_.router.fail(message, describe_transport_failure(result.code, result.error, url));
      spdlog::debug("POST failed: {}", result.error);
      return;
    }
    if (status == 404 && !view.session_id.empty() && !message.is_initialize() && !reinitialized) {
      reinitialized = true;
      std::string error;
      spdlog::debug("session {} expired (404); re-initializing", view.session_id);
      if (reinitialize(view.generation, connection, error)) continue;
      ctx_.router.fail(message, error);
      return;
    }
    if ((status == 401 || status == 403) && !reauthorized) {
      reauthorized = true;
      std::string error;
      if (ctx_.auth.challenge(ticket, status, result.head.www_authenticate, error)) continue;
      spdlog::debug("sign-in declined: {}", error);
      ctx_.router.fail(message, error);
      return;
    }
    if (fallback && message.is_initialize() && (status == 400 || status == 404 || status == 405)) {
      fallback->wanted = true;
      fallback->status = status;
      fallback->error = describe_http_status(status, result.head.content_type, stream.body(), url);
      return;
    }
    if (!ok_status(status)) {
      ctx_.router.fail(message, describe_http_status(status, result.head.content_type, stream.body(), url));
      return;
    }
    switch (stream.mode()) {
      case MessageStream::Mode::json:
        if (!stream.finish())
          ctx_.router.fail(message, describe_bad_body(status, result.head.content_type, stream.body(), url));
        break;
      case MessageStream::Mode::sse:
        if (message.is_request() && !stream.got_response()) {
          if (stream.sse().saw_id()) {
            resume(message, connection, stream);
            return;
          }
          ctx_.router.fail(message, "tally-bridge: the server closed the response stream of " + url +
                                        " without answering. Try again; if it keeps happening, check the server's logs.");
        }
        break;
      default:
        // 202 to a request: the answer comes on the GET stream. Any other body is not MCP.
        if (message.is_request() && status != 202)
          ctx_.router.fail(message, describe_bad_body(status, result.head.content_type, stream.body(), url));
        break;
    }
    if (message.kind == MessageKind::notification && message.method == "notifications/initialized") stream_.start();
    return;
  }
}

void StreamableUpstream::resume(const ClientMessage& message, HttpConnection& connection, const MessageStream& dropped) {
  const std::string key = id_key(message.raw_id);
  std::string last_event_id = dropped.sse().last_event_id();
  long server_retry = dropped.sse().retry_ms().value_or(-1);
  std::string last_error = "the stream ended";
  int failures = 0;
  while (failures < kMaxResumeFailures) {
    if (!ctx_.stop.sleep_for(std::chrono::milliseconds(reconnect_delay_ms(failures, server_retry)))) return;
    if (!ctx_.router.is_pending(key)) return;  // answered meanwhile (e.g. on the GET stream)
    auto view = ctx_.session.view();
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::event_stream, ticket.authorization);
    add_session_headers(headers, view);
    headers.add("Last-Event-ID", last_event_id);
    MessageStream stream(ctx_.router, key);
    HttpRequest request;
    request.method = "GET";
    request.url = ctx_.options.server_url;
    request.headers = &headers;
    spdlog::debug("resuming {} after event {}", message.raw_id, last_event_id);
    HttpResult result = connection.perform(request, stream);
    if (result.interrupted) return;
    if (stream.got_response()) return;
    if (stream.mode() == MessageStream::Mode::sse) {
      if (stream.sse().saw_id()) last_event_id = stream.sse().last_event_id();
      if (stream.sse().retry_ms()) server_retry = *stream.sse().retry_ms();
      // A poll that brought events is progress; only fruitless attempts count.
      failures = stream.events() > 0 ? 0 : failures + 1;
      last_error = result.code == CURLE_OK ? "the stream ended again" : result.error;
    } else {
      ++failures;
      last_error = result.code != CURLE_OK ? result.error : "HTTP " + std::to_string(result.head.status);
      if (result.head.status == 404 || result.head.status == 405) break;  // nothing to resume
    }
  }
  ctx_.router.fail(message, "tally-bridge: the connection to " + ctx_.options.server_url +
                                " dropped before the response arrived and resuming it failed (" + last_error +
                                "). The request may or may not have run on the server.");
}

bool StreamableUpstream::reinitialize(std::uint64_t failed_generation, HttpConnection& connection,
                                      std::string& error) {
  std::lock_guard lock(reinit_mutex_);
  if (ctx_.session.generation() != failed_generation) return true;  // another request already did it
  stream_.stop();
  ctx_.session.start_new_session();
  const std::string raw_id = ctx_.router.open_bridge_request("initialize");
  const std::string request_text = ctx_.session.initialize_with_id(raw_id);
  if (request_text.empty()) {
    error = "tally-bridge: the server ended the session and no initialize is cached to open a new one.";
    return false;
  }
  const std::string& url = ctx_.options.server_url;
  bool reauthorized = false;
  for (;;) {
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
    MessageStream stream(ctx_.router, id_key(raw_id));
    stream.head_hook = [this](const ResponseHead& head) {
      if (ok_status(head.status) && !head.session_id.empty()) ctx_.session.set_session_id(head.session_id);
    };
    HttpRequest request;
    request.url = url;
    request.headers = &headers;
    request.body = request_text;
    HttpResult result = connection.perform(request, stream);
    if (result.interrupted) return false;
    if (result.code != CURLE_OK) {
      error = describe_transport_failure(result.code, result.error, url);
      return false;
    }
    if ((result.head.status == 401 || result.head.status == 403) && !reauthorized) {
      reauthorized = true;
      if (ctx_.auth.challenge(ticket, result.head.status, result.head.www_authenticate, error)) continue;
      return false;
    }
    if (!ok_status(result.head.status)) {
      error = describe_http_status(result.head.status, result.head.content_type, stream.body(), url);
      return false;
    }
    stream.finish();
    break;
  }
  auto response = ctx_.router.await_bridge_response(raw_id, std::chrono::steady_clock::now() + kReinitializeTimeout);
  if (!response) {
    error = "tally-bridge: the server ended the session and did not answer the new initialize.";
    return false;
  }
  // Tell the new session the client is ready, as the client did for the first one.
  ClientMessage initialized;
  initialized.kind = MessageKind::notification;
  initialized.method = "notifications/initialized";
  initialized.text = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  send(initialized, connection, nullptr, false);
  spdlog::debug("re-initialized: new session {}", ctx_.session.session_id());
  return true;
}

void StreamableUpstream::close(long timeout_ms) {
  stream_.stop();
  auto view = ctx_.session.view();
  if (view.session_id.empty()) return;
  HttpConnection connection(ctx_.options.http);
  auto ticket = ctx_.auth.ticket();
  HeaderList headers;
  add_request_headers(headers, ctx_.options, Accept::event_stream, ticket.authorization);
  add_session_headers(headers, view);
  struct Ignore : ResponseHandler {
    bool on_body(std::string_view) override { return true; }
  } ignore;
  HttpRequest request;
  request.method = "DELETE";
  request.url = ctx_.options.server_url;
  request.headers = &headers;
  request.timeout_ms = timeout_ms;
  HttpResult result = connection.perform(request, ignore);
  spdlog::debug("DELETE session {}: {}", view.session_id,
                result.code == CURLE_OK ? "HTTP " + std::to_string(result.head.status) : result.error);
}

}  // namespace tally::bridge
