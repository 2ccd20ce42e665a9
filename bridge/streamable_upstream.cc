#include "streamable_upstream.h"

#include <chrono>
#include <optional>

#include <spdlog/spdlog.h>

#include "authorized_post.h"
#include "post_answer.h"
#include "upstream_error.h"

namespace tally::bridge {
namespace {

constexpr int kMaxResumeFailures = 3;
constexpr auto kReinitializeTimeout = std::chrono::seconds(60);

}  // namespace

void StreamableUpstream::adopt_session(const ResponseHead& head) {
  if (ok_status(head.status) && !head.session_id.empty())
    ctx_.session.set_session_id(head.session_id);
}

void StreamableUpstream::build_post_headers(HeaderList& headers, const ClientMessage& message,
                                            const SessionState::View& view,
                                            const AuthGate::Ticket& ticket) const {
  add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
  // An initialize opens a session; it must not carry an old one.
  if (!message.is_initialize()) add_session_headers(headers, view);
}

void StreamableUpstream::send(const ClientMessage& message, Fallback* fallback,
                              bool may_reinitialize) {
  const std::string key = message.is_request() ? id_key(message.raw_id) : std::string();
  const std::string& url = ctx_.options.server_url;
  bool reinitialized = !may_reinitialize, reauthorized = false;
  for (;;) {
    SessionState::View view;
    std::optional<MessageStream> answer;
    auto sent = post_authorized(ctx_.auth, reauthorized, [&](const AuthGate::Ticket& ticket) {
      if (may_reinitialize) {
        // A re-initialize in progress holds this: wait for the new session rather
        // than POST with none.
        std::lock_guard wait_for_session(reinit_mutex_);
      }
      view = ctx_.session.view();
      HeaderList headers;
      build_post_headers(headers, message, view, ticket);
      answer.emplace(ctx_.router, key);
      // Stored before the response reaches the client, whose next message needs it.
      if (message.is_initialize())
        answer->head_hook = [this](const ResponseHead& head) { adopt_session(head); };
      spdlog::debug("client -> server POST {} {}", message.method, message.raw_id);
      return post_message(ctx_.http, url, headers, message, *answer);
    });
    MessageStream& stream = *answer;
    const HttpResult& result = sent.http;
    const long status = result.head.status;
    const Answer read = read_answer(sent, stream);
    if (read == Answer::interrupted) return;
    if (read == Answer::transport_failure) {
      if (stream.mode() == MessageStream::Mode::sse && message.expects_response() &&
          !stream.got_response() && stream.sse().saw_id()) {
        resume(message, stream);
        return;
      }
      if (!stream.got_response())
        ctx_.router.fail(message, describe_answer(read, sent, stream, url));
      spdlog::debug("POST failed: {}", result.error);
      return;
    }
    if (status == 404 && !view.session_id.empty() && !message.is_initialize() && !reinitialized) {
      reinitialized = true;
      std::string error;
      spdlog::debug("session {} expired (404); re-initializing", view.session_id);
      if (reinitialize(view.generation, error)) continue;
      ctx_.router.fail(message, error);
      return;
    }
    if (read == Answer::refused) spdlog::debug("sign-in declined: {}", sent.error);
    if (fallback && message.is_initialize() && (status == 400 || status == 404 || status == 405)) {
      fallback->wanted = true;
      fallback->status = status;
      fallback->error = describe_answer(read, sent, stream, url);
      return;
    }
    if (read != Answer::ok) {
      ctx_.router.fail(message, describe_answer(read, sent, stream, url));
      return;
    }
    const auto mode = stream.mode();
    if (mode == MessageStream::Mode::sse && message.is_request() && !stream.got_response()) {
      if (stream.sse().saw_id()) {
        resume(message, stream);
        return;
      }
      ctx_.router.fail(
          message,
          "tally-bridge: the server closed the response stream of " + url +
              " without answering. Try again; if it keeps happening, check the server's logs.");
    } else if ((mode == MessageStream::Mode::none || mode == MessageStream::Mode::other) &&
               message.is_request() && status != 202) {
      // 202 to a request: the answer comes on the GET stream. Any other body is not MCP.
      ctx_.router.fail(message,
                       describe_bad_body(status, result.head.content_type, stream.body(), url));
    }
    if (message.kind == MessageKind::notification && message.method == "notifications/initialized")
      stream_.start();
    return;
  }
}

void StreamableUpstream::resume(const ClientMessage& message, const MessageStream& dropped) {
  const std::string key = id_key(message.raw_id);
  std::string last_event_id = dropped.sse().last_event_id();
  long server_retry = dropped.sse().retry_ms().value_or(-1);
  std::string last_error = "the stream ended";
  int failures = 0;
  while (failures < kMaxResumeFailures) {
    if (!ctx_.stop.sleep_for(std::chrono::milliseconds(reconnect_delay_ms(failures, server_retry))))
      return;
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
    HttpResult result = ctx_.http.perform(request, stream);
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
      last_error =
          result.code != CURLE_OK ? result.error : "HTTP " + std::to_string(result.head.status);
      if (result.head.status == 404 || result.head.status == 405) break;  // nothing to resume
    }
  }
  ctx_.router.fail(message, "tally-bridge: the connection to " + ctx_.options.server_url +
                                " dropped before the response arrived and resuming it failed (" +
                                last_error +
                                "). The request may or may not have run on the server.");
}

bool StreamableUpstream::reinitialize(std::uint64_t failed_generation, std::string& error) {
  std::lock_guard lock(reinit_mutex_);
  if (ctx_.session.generation() != failed_generation)
    return true;  // another request already did it
  stream_.stop();
  ctx_.session.start_new_session();
  const std::string raw_id = ctx_.router.open_bridge_request("initialize");
  const std::string request_text = ctx_.session.initialize_with_id(raw_id);
  if (request_text.empty()) {
    error =
        "tally-bridge: the server ended the session and no initialize is cached to open a new one.";
    return false;
  }
  const std::string& url = ctx_.options.server_url;
  std::optional<MessageStream> answer;
  auto sent = post_authorized(ctx_.auth, [&](const AuthGate::Ticket& ticket) {
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
    answer.emplace(ctx_.router, id_key(raw_id));
    answer->head_hook = [this](const ResponseHead& head) { adopt_session(head); };
    HttpRequest request;
    request.url = url;
    request.headers = &headers;
    request.body = request_text;
    return ctx_.http.perform(request, *answer);
  });
  // A JSON body that is not JSON-RPC is not an error here: the wait below reports it.
  switch (const Answer read = read_answer(sent, *answer)) {
    case Answer::interrupted:
      return false;
    case Answer::ok:
    case Answer::bad_body:
      break;
    default:
      error = describe_answer(read, sent, *answer, url);
      return false;
  }
  auto response = ctx_.router.await_bridge_response(
      raw_id, std::chrono::steady_clock::now() + kReinitializeTimeout);
  if (!response) {
    error = "tally-bridge: the server ended the session and did not answer the new initialize.";
    return false;
  }
  // Tell the new session the client is ready, as the client did for the first one.
  ClientMessage initialized;
  initialized.kind = MessageKind::notification;
  initialized.method = "notifications/initialized";
  initialized.text = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  send(initialized, nullptr, false);
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
  spdlog::debug(
      "DELETE session {}: {}", view.session_id,
      result.code == CURLE_OK ? "HTTP " + std::to_string(result.head.status) : result.error);
}

}  // namespace tally::bridge
