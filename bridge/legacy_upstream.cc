#include "legacy_upstream.h"

#include <chrono>
#include <optional>

#include <spdlog/spdlog.h>

#include "authorized_post.h"
#include "message_stream.h"
#include "post_answer.h"
#include "server_url.h"
#include "upstream_error.h"

namespace tally::bridge {
namespace {
constexpr auto kEndpointGrace = std::chrono::seconds(10);  // after the connect timeout
constexpr auto kReinitializeTimeout = std::chrono::seconds(60);
}  // namespace

LegacyUpstream::Connected LegacyUpstream::connect() {
  std::lock_guard connect_lock(connect_mutex_);
  bool reauthorized = false;
  for (;;) {
    AuthGate::Ticket ticket;
    std::vector<std::string> www_authenticate;
    Connected c = connect_once(ticket, www_authenticate);
    if (c.ok || reauthorized || (c.status != 401 && c.status != 403)) return c;
    reauthorized = true;
    std::string error;
    if (!ctx_.auth.challenge(ticket, c.status, www_authenticate, error)) {
      c.error = error;
      return c;
    }
  }
}

LegacyUpstream::Connected LegacyUpstream::connect_once(AuthGate::Ticket& ticket,
                                                       std::vector<std::string>& www_authenticate) {
  std::unique_lock lock(mutex_);
  if (open_) return Connected{true, 0, true, {}};
  if (stream_) {
    // The previous stream has ended; reap its thread.
    auto old = std::move(stream_);
    lock.unlock();
    old->thread.join();
    lock.lock();
  }
  if (ctx_.stop.stopped()) return {false, 0, true, "tally-bridge is shutting down"};
  ended_ = false;
  last_failure_ = {};
  ticket = ctx_.auth.ticket();
  stream_ = std::make_unique<Stream>(ctx_.options.http);
  Stream* s = stream_.get();
  s->thread = std::thread([this, s, ticket] { run_stream(*s, ticket); });
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(ctx_.options.http.connect_timeout_ms) + kEndpointGrace;
  if (!cv_.wait_until(lock, deadline, [&] { return open_ || ended_; })) {
    s->connection.interrupt();
    return {false, 0, true,
            "tally-bridge: the server at " + ctx_.options.server_url +
                " opened an event stream but sent no endpoint event. Is this an MCP SSE endpoint?"};
  }
  if (open_) return Connected{true, 0, true, {}};
  www_authenticate = last_www_authenticate_;
  return last_failure_;
}

void LegacyUpstream::run_stream(Stream& s, AuthGate::Ticket ticket) {
  const std::string& url = ctx_.options.server_url;
  HeaderList headers;
  add_request_headers(headers, ctx_.options, Accept::event_stream, ticket.authorization);
  MessageStream stream(ctx_.router, "");
  stream.endpoint_hook = [&](std::string_view data) {
    std::string endpoint;
    std::lock_guard lock(mutex_);
    if (open_) return;
    if (!resolve_url(url, std::string(data), endpoint) || !same_origin(url, endpoint)) {
      last_failure_ = {false, 0, true,
                       "tally-bridge: the server's endpoint event names \"" + std::string(data) +
                           "\", which is not on the same origin as " + url +
                           "; refusing to send messages there."};
      s.connection.interrupt();
      return;
    }
    endpoint_ = std::move(endpoint);
    open_ = true;
    ++connection_generation_;
    spdlog::debug("legacy SSE endpoint: {}", endpoint_);
    cv_.notify_all();
  };
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers = &headers;
  HttpResult result = s.connection.perform(request, stream);

  bool was_open;
  {
    std::lock_guard lock(mutex_);
    was_open = open_;
    open_ = false;
    ended_ = true;
    if (!was_open && last_failure_.error.empty()) {
      const long status = result.head.status;
      last_failure_.status = status;
      if (result.code != CURLE_OK && status == 0) {
        last_failure_.error = describe_transport_failure(result.code, result.error, url);
      } else if (status >= 200 && status < 300 && stream.mode() != MessageStream::Mode::sse) {
        last_failure_.event_stream = false;
        last_failure_.error =
            describe_bad_body(status, result.head.content_type, stream.body(), url);
      } else if (status >= 200 && status < 300) {
        last_failure_.error = "tally-bridge: the server at " + url +
                              " closed its event stream before naming an endpoint.";
      } else {
        last_failure_.error =
            describe_http_status(status, result.head.content_type, stream.body(), url);
      }
      last_www_authenticate_ = result.head.www_authenticate;
    }
    cv_.notify_all();
  }
  if (was_open && !result.interrupted) {
    spdlog::debug("legacy SSE stream ended: {}",
                  result.code == CURLE_OK ? "closed by the server" : result.error);
    ctx_.router.fail_all(
        "tally-bridge: the server at " + url +
        " closed its event stream before answering. The bridge reconnects on the next message; "
        "try again.");
  }
}

void LegacyUpstream::send(const ClientMessage& message) {
  bool reconnected = false;
  for (;;) {
    Connected c = connect();
    if (!c.ok) {
      ctx_.router.fail(message, c.error);
      return;
    }
    if (!message.is_initialize() && ctx_.session.has_initialize()) {
      bool needs_init;
      {
        std::lock_guard lock(mutex_);
        needs_init = initialized_generation_ != connection_generation_;
      }
      std::string error;
      if (needs_init && !replay_initialize(error)) {
        ctx_.router.fail(message, error);
        return;
      }
    }
    switch (post(message)) {
      case Post::done:
        return;
      case Post::reconnect:
        if (reconnected) {
          ctx_.router.fail(
              message, "tally-bridge: the server at " + ctx_.options.server_url +
                           " lost the session again right after reconnecting. Try again later.");
          return;
        }
        reconnected = true;
        continue;
    }
  }
}

LegacyUpstream::Post LegacyUpstream::post(const ClientMessage& message) {
  std::string endpoint;
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    endpoint = endpoint_;
    generation = connection_generation_;
  }
  std::optional<MessageStream> answer;
  auto sent = post_authorized(ctx_.auth, [&](const AuthGate::Ticket& ticket) {
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
    answer.emplace(ctx_.router, message.is_request() ? id_key(message.raw_id) : std::string());
    if (message.is_initialize()) {
      // Recorded before an inline answer reaches the client, whose next message checks it.
      answer->head_hook = [this, generation](const ResponseHead& head) {
        if (ok_status(head.status)) {
          std::lock_guard lock(mutex_);
          initialized_generation_ = generation;
        }
      };
    }
    spdlog::debug("client -> server POST (legacy) {} {}", message.method, message.raw_id);
    return post_message(ctx_.http, endpoint, headers, message, *answer);
  });
  // A 2xx may carry the answer inline instead of on the stream (routed by read_answer).
  switch (const Answer read = read_answer(sent, *answer)) {
    case Answer::interrupted:
    case Answer::ok:
    case Answer::bad_body:
      return Post::done;
    case Answer::http_error:
      if (sent.http.head.status == 404 && !message.is_initialize()) {
        // The server forgot this stream's session: drop it and start a new one.
        std::unique_lock lock(mutex_);
        if (stream_ && connection_generation_ == generation && open_) {
          stream_->connection.interrupt();
          cv_.wait(lock, [&] { return ended_; });
        }
        return Post::reconnect;
      }
      [[fallthrough]];
    default:
      ctx_.router.fail(message, describe_answer(read, sent, *answer, endpoint));
      return Post::done;
  }
}

bool LegacyUpstream::replay_initialize(std::string& error) {
  const std::string raw_id = ctx_.router.open_bridge_request("initialize");
  ClientMessage init;
  init.kind = MessageKind::request;
  init.method = "initialize";
  init.raw_id = raw_id;
  init.text = ctx_.session.initialize_with_id(raw_id);
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    generation = connection_generation_;
  }
  if (post(init) != Post::done) {
    error = "tally-bridge: could not open a new session on " + ctx_.options.server_url + ".";
    return false;
  }
  if (!ctx_.router.await_bridge_response(raw_id,
                                         std::chrono::steady_clock::now() + kReinitializeTimeout)) {
    error = "tally-bridge: the server did not answer the initialize for a new session.";
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    initialized_generation_ = generation;
  }
  ClientMessage initialized;
  initialized.kind = MessageKind::notification;
  initialized.method = "notifications/initialized";
  initialized.text = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  post(initialized);
  spdlog::debug("legacy session re-initialized");
  return true;
}

void LegacyUpstream::close() {
  std::unique_ptr<Stream> s;
  {
    std::lock_guard lock(mutex_);
    s = std::move(stream_);
    open_ = false;
  }
  if (!s) return;
  s->connection.interrupt();
  s->thread.join();
}

}  // namespace tally::bridge
