// The server's limits over real sockets: body and header caps, the header,
// idle and connection limits. Timers are shortened; every wait is bounded.

#include <doctest/doctest.h>

#include <atomic>

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

TEST_CASE("connections over the cap get 503 and are closed at once") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.max_connections = 2;
  std::atomic<int> handled = 0;
  TestServer server(options, counting_router(handled));
  RawClient first(server.port()), second(server.port());
  // An answer proves each was admitted.
  REQUIRE(first.send(post("/", "")));
  REQUIRE(!first.read_response().empty());
  REQUIRE(second.send(post("/", "")));
  REQUIRE(!second.read_response().empty());

  RawClient third(server.port());
  CHECK(third.wait_closed());
  CHECK(third.received().starts_with("HTTP/1.1 503 Service Unavailable\r\n"));

  // A freed slot admits a new connection.
  first.close();
  bool answered = false;
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (!answered && std::chrono::steady_clock::now() < deadline) {
    // The server notices the close asynchronously; until then a probe gets 503.
    RawClient probe(server.port());
    probe.send(post("/", ""));
    answered = probe.read_response().starts_with("HTTP/1.1 200");
  }
  CHECK(answered);
}

}  // namespace
}  // namespace tally::http::test
