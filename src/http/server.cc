// The acceptor, the io threads and a graceful stop. Connections live in
// connection.cc; this file only admits them (up to max_connections).

#include "http/server.h"

#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http/server_state.h"
#include "http/tls.h"

namespace tally::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace detail {

ServerState::ServerState(Options o, Router r)
    : options(std::move(o)), router(std::move(r)), access_log(options.access_log) {
  if (!access_log) access_log = spdlog::default_logger();
}

void ServerState::add(std::shared_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  const Connection* key = connection.get();
  connections_.emplace(key, std::move(connection));
}

void ServerState::remove(const Connection* connection) {
  std::shared_ptr<Connection> keep;  // freed outside the lock
  bool drained = false;
  {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(connection);
    if (it == connections_.end()) return;
    keep = std::move(it->second);
    connections_.erase(it);
    drained = connections_.empty() && stopping;
  }
  if (drained && on_drained) on_drained();
}

std::size_t ServerState::count() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void ServerState::clear() {
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> dropped;
  std::lock_guard lock(mutex_);
  dropped.swap(connections_);
}

std::vector<std::shared_ptr<Connection>> ServerState::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> out;
  for (const auto& [key, connection] : connections_) out.push_back(connection);
  return out;
}

std::shared_ptr<Connection> ServerState::claim_waiting() {
  std::lock_guard lock(mutex_);
  for (;;) {
    std::shared_ptr<Connection> oldest;
    std::int64_t since = 0;
    for (const auto& [key, connection] : connections_) {
      std::int64_t t = connection->waiting_since.load();
      if (t != 0 && (since == 0 || t < since)) {
        since = t;
        oldest = connection;
      }
    }
    if (!oldest) return nullptr;
    // It may have started a request meanwhile; then look again.
    if (oldest->waiting_since.compare_exchange_strong(since, 0)) return oldest;
  }
}

}  // namespace detail

struct Server::Impl {
  Impl(Options options, Router router)
      : state(std::make_shared<detail::ServerState>(std::move(options), std::move(router))),
        strand(net::make_strand(io)),
        acceptor(strand),
        grace_timer(strand) {}

  void listen() {
    const Options& o = state->options;
    if (!state->router.on_request) throw std::invalid_argument("http::Router needs on_request");
    if (o.tls_cert.empty() != o.tls_key.empty())
      throw std::runtime_error("TLS needs both a certificate and a key file");
    if (!o.tls_cert.empty()) tls = detail::make_server_tls(o.tls_cert, o.tls_key);

    error_code ec;
    auto address = net::ip::make_address(o.host, ec);
    if (ec)
      throw std::runtime_error(fmt::format("cannot listen on '{}': not an IP address", o.host));
    tcp::endpoint endpoint(address, o.port);
    auto where = fmt::format("{}:{}", address.is_v6() ? "[" + o.host + "]" : o.host, o.port);
    auto check = [&](const char* step) {
      if (ec)
        throw std::runtime_error(
            fmt::format("cannot listen on {}: {} ({})", where, ec.message(), step));
    };
    acceptor.open(endpoint.protocol(), ec);
    check("socket");
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    check("SO_REUSEADDR");
    acceptor.bind(endpoint, ec);
    check("bind");
    acceptor.listen(net::socket_base::max_listen_connections, ec);
    check("listen");
    bound_port = acceptor.local_endpoint().port();

    state->on_drained = [this] { net::post(strand, [this] { grace_timer.cancel(); }); };
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of descriptors and the like: say so, and try again shortly rather than spin.
        state->access_log->warn("http: accept failed: {}", ec.message());
        auto timer = std::make_shared<net::steady_timer>(strand, std::chrono::milliseconds(100));
        timer->async_wait([this, timer](error_code) { accept(); });
        return;
      }
      admit(std::move(socket));
      accept();
    });
  }

  void admit(tcp::socket socket) {
    // At the cap, the connection idle longest (no request in flight: a fresh or keep-alive
    // connection, or a slow-loris one still sending headers) makes room, so idle sockets
    // cannot lock others out. Only when every connection is busy is the new one refused.
    // Evictions close asynchronously: allow a few in flight over the cap, never more.
    const std::size_t cap = state->options.max_connections;
    const std::size_t count = state->count();
    if (count >= cap && count < cap + kEvictionSlack) {
      if (auto idle = state->claim_waiting()) {
        idle->evict();
        state->access_log->warn("http: {} connections open; closed the one idle longest", cap);
        return admit_now(std::move(socket));
      }
    }
    if (count >= cap) {
      // Refuse at once, never queue: a best-effort 503 in clear text, then close.
      if (!tls) {
        static constexpr std::string_view kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
            "Connection: close\r\n\r\n";
        error_code ignored;
        socket.non_blocking(true, ignored);
        socket.send(net::buffer(kBusy.data(), kBusy.size()), 0, ignored);
        socket.shutdown(tcp::socket::shutdown_send, ignored);
      }
      state->access_log->warn("http: {} connections open; refused one",
                              state->options.max_connections);
      return;  // the socket closes here
    }
    admit_now(std::move(socket));
  }

  static constexpr std::size_t kEvictionSlack = 64;

  void admit_now(tcp::socket socket) {
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto connection = detail::make_connection(std::move(socket), tls.get(), state);
    state->add(connection);
    connection->start();
  }

  void begin_stop(std::chrono::milliseconds grace) {
    if (state->stopping.exchange(true)) return;
    error_code ignored;
    acceptor.close(ignored);
    auto connections = state->all();
    if (connections.empty()) return;
    for (auto& connection : connections) connection->stop_gently();
    grace_timer.expires_after(grace);
    grace_timer.async_wait([this](error_code) {
      // Grace over, or every connection closed: close what is left.
      for (auto& connection : state->all()) connection->stop_now();
    });
  }

  ~Impl() {
    // Connections and state own each other through the table: break that, so
    // whatever is still open is freed with the io_context's pending handlers.
    state->on_drained = nullptr;
    state->clear();
  }

  net::io_context io;  // first member: destroyed last
  std::shared_ptr<detail::ServerState> state;
  net::strand<net::io_context::executor_type> strand;  // acceptor and stop, with N io threads
  std::unique_ptr<net::ssl::context> tls;
  tcp::acceptor acceptor;
  net::steady_timer grace_timer;
  unsigned short bound_port = 0;
};

Server::Server(Options options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {
  impl_->listen();
  impl_->accept();
}

// Replies still held elsewhere hold only weak references: they turn into no-ops.
Server::~Server() = default;

unsigned short Server::port() const {
  return impl_->bound_port;
}

void Server::run() {
  const unsigned extra = impl_->state->options.threads > 1 ? impl_->state->options.threads - 1 : 0;
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < extra; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
}

void Server::stop(std::chrono::milliseconds grace) {
  net::post(impl_->strand, [impl = impl_.get(), grace] { impl->begin_stop(grace); });
}

}  // namespace tally::http
