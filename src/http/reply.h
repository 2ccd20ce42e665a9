#pragma once
// How a route answers. A handler runs on an io thread and must not block: it
// keeps the shared_ptr<Reply> and completes it later from any thread (a worker
// that finished a tool call). Every method is thread-safe: it only posts the
// step to the connection's strand, so the order of calls from one thread is
// the order on the wire.
//
// One request gets exactly one of: send(), or open_stream() … event()* …
// end_stream(). Calls after that are ignored. Dropping the last reference
// without answering sends 500 (or ends an open stream), so a forgotten path
// still frees the connection.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace tally::http {

namespace detail {
/// What a Reply talks to: one connection, which knows its current request by
/// `seq`, so a stale Reply can never touch the next request on that connection.
struct ReplySink {
  virtual ~ReplySink() = default;
  virtual void send(std::uint64_t seq, Response response) = 0;
  virtual void open_stream(std::uint64_t seq, unsigned status, Headers headers) = 0;
  virtual void write_event(std::uint64_t seq, std::string frame) = 0;
  virtual void end_stream(std::uint64_t seq) = 0;
  virtual void hold(std::uint64_t seq) = 0;
  virtual void on_close(std::uint64_t seq, std::function<void()> callback) = 0;
  virtual void log_field(std::uint64_t seq, std::string key, std::string value) = 0;
  virtual void abandon(std::uint64_t seq) = 0;
};
}  // namespace detail

class Reply {
 public:
  Reply(std::weak_ptr<detail::ReplySink> sink, std::uint64_t seq);
  ~Reply();
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;

  /// A whole response; the server adds Content-Length.
  void send(Response response);
  void send(unsigned status, Headers headers, std::string body) {
    send(Response{status, std::move(headers), std::move(body)});
  }

  /// Starts a Server-Sent Events stream: the status and headers go out now,
  /// with Content-Type: text/event-stream, Cache-Control: no-cache and
  /// X-Accel-Buffering: no (so nginx does not buffer it) added. While it is
  /// open, a ": keep-alive" comment goes out every Options::sse_keepalive.
  void open_stream(unsigned status, Headers headers = {});
  /// One `event: message` whose data is `data` (one line of JSON; any line
  /// breaks in it become further `data:` lines, as SSE requires).
  void event(std::string_view data);
  /// Ends the stream; the connection then serves its next request.
  void end_stream();

  /// Exempts this request from Options::request_timeout (a held stream such
  /// as subscriptions/listen). Header, idle and write limits still apply.
  void hold();

  /// Called once, on an io thread, if the connection closes before this reply
  /// is complete: the client went away, the request time limit struck, or the
  /// server stopped. Registered after that happened, it is called at once
  /// (on the calling thread if the connection is gone). It must not block;
  /// it is the hook for cancelling the work.
  void on_close(std::function<void()> callback);

  /// Adds `key=value` to this request's access-log line (e.g. tool, key id).
  /// Never pass a secret.
  void log_field(std::string key, std::string value);

 private:
  // Weak: a closed connection is freed even while a worker still holds its Reply.
  std::weak_ptr<detail::ReplySink> sink_;
  std::uint64_t seq_;
};

/// The bytes of one SSE `event: message` carrying `data`.
std::string sse_event_frame(std::string_view data);

}  // namespace tally::http
