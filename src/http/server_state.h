#pragma once
// Internal to src/http: what the acceptor and every connection share. Includes
// Asio, so only the server's own .cc files include it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "http/options.h"
#include "http/reply.h"
#include "http/server.h"

namespace tally::http::detail {

/// One connection as the server sees it. Both methods post to its strand.
class Connection : public ReplySink, public std::enable_shared_from_this<Connection> {
 public:
  virtual void start() = 0;
  /// Server stopping: close now if between requests, else after this reply.
  virtual void stop_gently() = 0;
  /// Grace is over: close now (a pending reply's on_close fires).
  virtual void stop_now() = 0;
  /// All slots taken: close now if still between requests (see ServerState::claim_waiting).
  virtual void evict() = 0;

  /// Steady-clock nanoseconds since it began waiting for a request (a new connection, or
  /// keep-alive after an answer, or headers trickling in); 0 while a request is handled,
  /// after it closed, or once claimed for eviction.
  std::atomic<std::int64_t> waiting_since{0};
};

struct ServerState {
  ServerState(Options o, Router r);

  const Options options;
  const Router router;
  std::shared_ptr<spdlog::logger> access_log;  // never null
  std::atomic<bool> stopping{false};

  /// Live connections own themselves through this table until they close,
  /// so a Reply (which holds only a weak_ptr) never keeps one alive.
  void add(std::shared_ptr<Connection> connection);
  void remove(const Connection* connection);
  void clear();
  std::size_t count() const;
  std::vector<std::shared_ptr<Connection>> all() const;
  /// The connection that has waited longest for a request, taken out of the running
  /// for later calls (its waiting_since becomes 0); null when every one is busy.
  std::shared_ptr<Connection> claim_waiting();
  /// Called (outside the lock) when the table becomes empty while stopping.
  std::function<void()> on_drained;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> connections_;
};

/// Creates (but does not start) a connection for an accepted socket; with a
/// TLS context it speaks HTTPS.
std::shared_ptr<Connection> make_connection(boost::asio::ip::tcp::socket socket,
                                            boost::asio::ssl::context* tls,
                                            std::shared_ptr<ServerState> state);

}  // namespace tally::http::detail
