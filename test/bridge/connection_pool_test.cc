// The relay's shared upstream connections, against a real HTTP server on
// 127.0.0.1 whose /slow answers only when the test lets it: no more transfers
// at once than the pool's size, a message that must not wait gets through while
// all are busy, and shutdown releases every caller.
#include "connection_pool.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include <doctest/doctest.h>

using namespace tally::bridge;
using namespace std::chrono_literals;

namespace {

struct Server {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::condition_variable cv;
  int in_flight = 0, most_in_flight = 0, served = 0;
  bool released = false;

  Server() {
    http.Post("/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex);
      most_in_flight = std::max(most_in_flight, ++in_flight);
      cv.notify_all();
      cv.wait_for(lock, 30s, [&] { return released; });
      --in_flight;
      ++served;
      res.set_content("{}", "application/json");
    });
    http.Post("/quick", [](const httplib::Request&, httplib::Response& res) { res.status = 202; });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
  }
  ~Server() {
    release();
    http.stop();
    thread.join();
  }
  std::string url(const char* path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
  bool wait_in_flight(int n) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, 10s, [&] { return in_flight >= n; });
  }
  void release() {
    std::lock_guard lock(mutex);
    released = true;
    cv.notify_all();
  }
};

struct Ignore : ResponseHandler {
  bool on_body(std::string_view) override { return true; }
};

HttpResult post(ConnectionPool& pool, const std::string& url,
                ConnectionPool::Wait wait = ConnectionPool::Wait::for_free) {
  Ignore ignore;
  HttpRequest request;
  request.url = url;
  request.body = "{}";
  return pool.perform(request, ignore, wait);
}

}  // namespace

TEST_CASE("connection pool: no more transfers at once than its size; the rest wait their turn") {
  init_http_globally();
  Server server;
  ConnectionPool pool(HttpSettings{}, 2);
  std::vector<long> statuses(5, 0);
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    callers.emplace_back([&, i] { statuses[i] = post(pool, server.url("/slow")).head.status; });
  REQUIRE(server.wait_in_flight(2));
  server.release();
  for (auto& t : callers) t.join();
  CHECK(server.most_in_flight == 2);
  CHECK(server.served == 5);
  CHECK(std::all_of(statuses.begin(), statuses.end(), [](long s) { return s == 200; }));
}

TEST_CASE("connection pool: a message that must not wait gets a connection while all are busy") {
  init_http_globally();
  Server server;
  ConnectionPool pool(HttpSettings{}, 1);
  long slow = 0;
  std::thread caller([&] { slow = post(pool, server.url("/slow")).head.status; });
  REQUIRE(server.wait_in_flight(1));
  // The only connection is held until release(): Wait::never must not wait for it.
  CHECK(post(pool, server.url("/quick"), ConnectionPool::Wait::never).head.status == 202);
  server.release();
  caller.join();
  CHECK(slow == 200);
  CHECK(post(pool, server.url("/quick")).head.status ==
        202);  // the extra is gone; the kept one works
}

TEST_CASE("connection pool: shutdown aborts the running transfer and releases the waiting one") {
  init_http_globally();
  Server server;
  ConnectionPool pool(HttpSettings{}, 1);
  HttpResult running, waiting;
  std::thread first([&] { running = post(pool, server.url("/slow")); });
  REQUIRE(server.wait_in_flight(1));
  std::thread second([&] { waiting = post(pool, server.url("/quick")); });
  pool.shutdown();
  first.join();
  second.join();
  CHECK(running.interrupted);
  CHECK(waiting.interrupted);
  CHECK(post(pool, server.url("/quick")).interrupted);
}
