#pragma once
// The HTTP server's limits and listening address. Defaults are issue 16's.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace tally::http {

struct Options {
  std::string host = "127.0.0.1";  // an IP address to bind; "::" or "0.0.0.0" for all
  unsigned short port = 8765;      // 0 picks a free port (Server::port() tells which)
  unsigned threads = 1;            // io threads; connections never get one of their own. Over 1,
                         // route callbacks may run concurrently (each connection's in order)

  std::size_t max_header_bytes = 16 * 1024;            // request line + fields; over → 431, close
  std::size_t max_body_bytes = 4 * 1024 * 1024;        // over → 413, close (even when chunked)
  std::chrono::milliseconds header_timeout{10'000};    // TLS handshake, then headers once the
                                                       // first byte came; over → close
  std::chrono::milliseconds idle_timeout{60'000};      // keep-alive wait for the next request,
                                                       // and for a stalled client to take a write
  std::chrono::milliseconds request_timeout{120'000};  // body read to reply complete; over →
                                                       // 503 (or the stream closes), unless held
  std::size_t max_connections = 1024;                  // more are answered 503 and closed at once
  std::chrono::milliseconds sse_keepalive{15'000};     // ": keep-alive" comment on open streams

  std::string tls_cert;  // PEM chain file; with tls_key the port speaks only HTTPS
  std::string tls_key;   // PEM private key file

  /// Where the access log goes (one info line per request); null: spdlog's default logger.
  std::shared_ptr<spdlog::logger> access_log;
};

}  // namespace tally::http
