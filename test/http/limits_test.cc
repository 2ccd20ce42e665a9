// The server's limits over real sockets: body and header caps, the header,
// idle and connection limits. Timers are shortened; every wait is bounded.

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "http/server.h"
#include "support.h"

namespace tally::http::test {
namespace {

Router counting_router(std::atomic<int>& handled) {
  Router router;
  router.on_request = [&handled](Request request, std::shared_ptr<Reply> reply) {
    ++handled;
    reply->send(200, {}, std::to_string(request.body.size()));
  };
  return router;
}

TEST_CASE("a Content-Length over the cap is 413 before any body byte is read") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_body_bytes = 1000;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient client(server.port());
  REQUIRE(client.send("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 413 Payload Too Large\r\n"));
  CHECK(body_of(response) == "request body over 1000 bytes\n");
  CHECK(client.wait_closed());
  CHECK(handled == 0);
}

TEST_CASE("a body exactly at the cap is accepted") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_body_bytes = 1000;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp", std::string(1000, 'x'))));
  CHECK(body_of(client.read_response()) == "1000");
}

TEST_CASE("a chunked body cut at the cap is 413") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_body_bytes = 1000;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient client(server.port());
  std::string chunk = "258\r\n" + std::string(600, 'x') + "\r\n";  // 0x258 = 600
  // The client may be cut off while sending; it must still read the 413.
  client.send("POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
              chunk + chunk + "0\r\n\r\n");
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 413 Payload Too Large\r\n"));
  CHECK(client.wait_closed());
  CHECK(handled == 0);

  RawClient small(server.port());
  REQUIRE(small.send("POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
                     "0\r\n\r\n"));
  CHECK(body_of(small.read_response()) == "600");
}

TEST_CASE("headers over the cap are 431") {
  auto log = std::make_shared<LogCapture>();
  std::atomic<int> handled = 0;
  TestServer server(test_options(log), counting_router(handled));  // default 16 KiB
  RawClient client(server.port());
  client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n");
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
  CHECK(client.wait_closed());
  CHECK(handled == 0);
  CHECK(log->wait_for("- - 431 "));
}

TEST_CASE("headers that never finish are cut off at the header time limit") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.header_timeout = 200ms;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient client(server.port());
  REQUIRE(client.send("POST /mcp HTTP/1.1\r\nHost: x\r\n"));  // and then nothing
  CHECK(client.wait_closed());
  CHECK(client.received().empty());
  CHECK(handled == 0);
}

TEST_CASE("a kept-alive connection that stays idle is closed") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.idle_timeout = 200ms;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp", "ab")));
  CHECK(body_of(client.read_response()) == "2");
  CHECK(client.wait_closed());
}

TEST_CASE("over the cap, the connection idle longest makes room; a slow-loris one is idle too") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_connections = 2;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient first(server.port()), second(server.port());
  // An answer proves each was admitted; both then wait for their next request.
  REQUIRE(first.send(post("/", "")));
  REQUIRE(!first.read_response().empty());
  REQUIRE(second.send(post("/", "")));
  REQUIRE(!second.read_response().empty());
  REQUIRE(second.send("POST / HTTP/1.1\r\nHo"));  // headers trickling in: still no request

  RawClient third(server.port());
  REQUIRE(third.send(post("/", "abc")));
  CHECK(body_of(third.read_response()) == "3");
  CHECK(first.wait_closed());  // the one idle longest

  RawClient fourth(server.port());
  REQUIRE(fourth.send(post("/", "abcd")));
  CHECK(body_of(fourth.read_response()) == "4");
  CHECK(second.wait_closed());
  CHECK(handled == 4);
}

TEST_CASE("when every connection is handling a request, one over the cap gets 503 and is closed") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_connections = 2;
  std::mutex mu;
  std::vector<std::shared_ptr<Reply>> held;
  std::atomic<int> started = 0;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    std::lock_guard lock(mu);
    held.push_back(std::move(reply));  // answered at the end: both stay busy
    ++started;
  };
  TestServer server(options, router);
  RawClient first(server.port()), second(server.port());
  REQUIRE(first.send(post("/", "")));
  REQUIRE(second.send(post("/", "")));
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (started < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  REQUIRE(started == 2);

  RawClient third(server.port());
  CHECK(third.wait_closed());
  CHECK(third.received().starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  {
    std::lock_guard lock(mu);
    for (auto& reply : held) reply->send(200, {}, "done");
  }
  CHECK(body_of(first.read_response()) == "done");
  CHECK(body_of(second.read_response()) == "done");
}

}  // namespace
}  // namespace tally::http::test
