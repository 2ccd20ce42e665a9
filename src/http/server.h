#pragma once
// An event-driven HTTP/1.1 server (Boost.Beast over Asio, OpenSSL for TLS).
// It knows nothing of MCP: it reads a request, asks the Router, and writes
// what the route answers, enforcing the limits in Options.
//
// Threads: `Options::threads` io threads run every connection (each on its own
// strand); no thread per request or per held stream. Route callbacks run on an
// io thread and must not block. The Reply a handler gets can be completed
// later from any thread.
//
// Life of a request: headers read (≤ max_header_bytes, within header_timeout)
// → Router::on_head may refuse it early (auth, rate limit, 404…) before any
// body byte is read → Content-Length over max_body_bytes is 413 → body read →
// Router::on_request → the reply → one access-log line → keep-alive or close.
//
//   http::Router router;
//   router.on_head = [](const http::Head& head) -> std::optional<http::Response> {
//     if (head.path == "/healthz") return http::Response{200, {}, "ok\n"};
//     return std::nullopt;
//   };
//   router.on_request = [&pool](http::Request request, std::shared_ptr<http::Reply> reply) {
//     pool.submit([request = std::move(request), reply] { reply->send(200, {}, work(request)); });
//   };
//   http::Server server(options, router);   // throws if it cannot listen
//   std::thread signals([&] { wait_for_sigterm(); server.stop(std::chrono::seconds(10)); });
//   server.run();                           // returns after stop()
//
// Lifetime: Replies hold the connection weakly, so a worker may keep one past
// the connection's end (its calls become no-ops); but destroy the Server only
// after the threads that complete Replies have stopped using them.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "http/message.h"
#include "http/options.h"
#include "http/reply.h"

namespace tally::http {

struct Router {
  /// After the headers, before the body is read. Return a response to refuse
  /// the request now (the connection then closes if a body was announced), or
  /// nullopt to go on. Optional.
  std::function<std::optional<Response>(const Head&)> on_head;
  /// The whole request. Answer through the Reply, now or later. Required.
  std::function<void(Request, std::shared_ptr<Reply>)> on_request;
};

class Server {
 public:
  /// Binds and listens at once, so port() is known and a busy port or a bad
  /// TLS file fails here, with a message that names it (std::runtime_error).
  Server(Options options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The bound port (the one the system picked when Options::port was 0).
  unsigned short port() const;

  /// Serves until stop() has finished; runs Options::threads io threads, the
  /// calling one among them.
  void run();

  /// Stops accepting, closes idle connections, lets requests in flight finish
  /// within `grace`, then closes everything and makes run() return. Safe from
  /// any thread (e.g. one that waits for SIGTERM), not from a signal handler.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{10'000});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::http
