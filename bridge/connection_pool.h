#pragma once
// The upstream connections the relay's requests share: `size` HttpConnections,
// made on demand. A request holds one only for the length of its transfer, not
// while it waits for the client, a sign-in or its turn, and waits when all are
// busy. The most recently freed connection is reused first, so sequential
// calls land on the warmest keep-alive connection.
//
// A message that must never wait (the client's answer to a question a running
// call asked, a cancellation) gets a connection of its own when all are busy,
// closed after use: otherwise `size` calls each waiting for the client's answer
// would hold every connection that answer needs.
//
// Long-lived streams (the GET stream, the legacy event stream, the 2026
// subscription) keep connections of their own: they would hold a slot forever.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "http_connection.h"
#include "http_settings.h"

namespace tally::bridge {

class ConnectionPool {
 public:
  static constexpr std::size_t kDefaultSize = 8;

  explicit ConnectionPool(const HttpSettings& settings, std::size_t size = kDefaultSize);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  enum class Wait { for_free, never };
  /// Runs one request on a free connection, waiting for one if all are busy
  /// (Wait::never: on an extra one). After shutdown() it returns an interrupted
  /// result at once.
  HttpResult perform(const HttpRequest& request, ResponseHandler& handler,
                     Wait wait = Wait::for_free);

  /// Aborts every running transfer and every later one. Thread-safe.
  void shutdown();

 private:
  HttpConnection* acquire(Wait wait);
  void release(HttpConnection* connection);

  HttpSettings settings_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<HttpConnection>> all_;  ///< beyond `size_` only while extras run
  std::vector<HttpConnection*> idle_;                 ///< back = most recently freed
  bool stopping_ = false;
};

}  // namespace tally::bridge
