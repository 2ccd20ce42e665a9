#include "connection_pool.h"

#include <algorithm>

namespace tally::bridge {

ConnectionPool::ConnectionPool(const HttpSettings& settings, std::size_t size)
    : settings_(settings), size_(std::max<std::size_t>(size, 1)) {}

HttpConnection* ConnectionPool::acquire(Wait wait) {
  std::unique_lock lock(mutex_);
  if (wait == Wait::for_free)
    freed_.wait(lock, [&] { return stopping_ || !idle_.empty() || all_.size() < size_; });
  if (stopping_) return nullptr;
  if (!idle_.empty()) {
    HttpConnection* c = idle_.back();
    idle_.pop_back();
    return c;
  }
  all_.push_back(std::make_unique<HttpConnection>(settings_));
  return all_.back().get();
}

void ConnectionPool::release(HttpConnection* connection) {
  std::unique_ptr<HttpConnection> extra;  // closed outside the lock
  {
    std::lock_guard lock(mutex_);
    if (all_.size() > size_) {
      auto it = std::find_if(all_.begin(), all_.end(),
                             [&](const auto& c) { return c.get() == connection; });
      extra = std::move(*it);
      all_.erase(it);
    } else {
      idle_.push_back(connection);
    }
  }
  if (!extra) freed_.notify_one();
}

HttpResult ConnectionPool::perform(const HttpRequest& request, ResponseHandler& handler,
                                   Wait wait) {
  HttpConnection* connection = acquire(wait);
  if (!connection) {
    HttpResult result;
    result.url = request.url;
    result.interrupted = true;
    result.code = CURLE_ABORTED_BY_CALLBACK;
    return result;
  }
  struct Release {
    ConnectionPool& pool;
    HttpConnection* connection;
    ~Release() { pool.release(connection); }
  } release{*this, connection};
  return connection->perform(request, handler);
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    // Busy ones stop their transfer at once; idle ones refuse the next.
    for (auto& c : all_) c->interrupt();
  }
  freed_.notify_all();
}

}  // namespace tally::bridge
