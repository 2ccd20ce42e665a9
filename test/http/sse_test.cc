// Server-Sent Events streams over real sockets: order, keep-alive comments,
// held streams past the request time limit, and a client that goes away.

#include <doctest/doctest.h>

#include <thread>

#include "http/reply.h"
#include "http/server.h"
#include "support.h"

namespace tally::http::test {
namespace {

size_t count_of(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_CASE("sse_event_frame makes one event, splitting line breaks into data lines") {
  CHECK(sse_event_frame("{\"id\":1}") == "event: message\ndata: {\"id\":1}\n\n");
  CHECK(sse_event_frame("a\nb\r\nc") == "event: message\ndata: a\ndata: b\ndata: c\n\n");
  CHECK(sse_event_frame("") == "event: message\ndata: \n\n");
}

TEST_CASE("a stream's events arrive in order, and the connection is reused after it") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request request, std::shared_ptr<Reply> reply) {
    if (request.path == "/plain") return reply->send(200, {}, "plain");
    reply->open_stream(200, {{"Content-Type", "ignored/by-the-server"}, {"X-Extra", "1"}});
    queue.push(reply);
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp", "{}")));
  auto reply = queue.pop();
  REQUIRE(reply);
  std::thread worker([reply] {
    for (int i = 1; i <= 3; ++i) reply->event("{\"n\":" + std::to_string(i) + "}");
    reply->end_stream();
    reply->event("{\"n\":4}");  // after the end: ignored
  });
  worker.join();
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(response.find("Content-Type: text/event-stream\r\n") != std::string::npos);
  CHECK(response.find("Cache-Control: no-cache\r\n") != std::string::npos);
  CHECK(response.find("X-Accel-Buffering: no\r\n") != std::string::npos);
  CHECK(response.find("X-Extra: 1\r\n") != std::string::npos);
  CHECK(response.find("ignored/by-the-server") == std::string::npos);
  CHECK(body_of(response) ==
        "event: message\ndata: {\"n\":1}\n\n"
        "event: message\ndata: {\"n\":2}\n\n"
        "event: message\ndata: {\"n\":3}\n\n");

  REQUIRE(client.send(post("/plain", "")));
  CHECK(body_of(client.read_response()) == "plain");
}

TEST_CASE("a held stream outlives the request time limit, with keep-alive comments") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.sse_keepalive = 100ms;
  options.request_timeout = 200ms;
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->hold();
    reply->open_stream(200);
    queue.push(reply);
  };
  TestServer server(options, router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/listen", "{}")));
  auto reply = queue.pop();
  REQUIRE(reply);
  // Four comments at 100 ms apart: past the 200 ms limit, and still open.
  REQUIRE(
      client.read_until([](const std::string& r) { return count_of(r, ": keep-alive\n\n") >= 4; }));
  reply->event("{\"late\":true}");
  REQUIRE(client.read_until("data: {\"late\":true}\n\n"));
  reply->end_stream();
  REQUIRE(client.read_until("\r\n0\r\n\r\n"));
  CHECK(!client.closed());
}

TEST_CASE("an unheld stream is closed at the request time limit") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.request_timeout = 200ms;
  Signal closed;
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->open_stream(200);
    reply->on_close([&] { closed.raise(); });
    queue.push(reply);
  };
  TestServer server(options, router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp", "{}")));
  CHECK(client.wait_closed());
  CHECK(closed.wait());
}

TEST_CASE("on_close fires when the client goes away mid-stream") {
  auto log = std::make_shared<LogCapture>();
  Signal closed;
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->on_close([&] { closed.raise(); });
    reply->open_stream(200);
    reply->event("{\"progress\":1}");
    queue.push(reply);
  };
  TestServer server(test_options(log), router);
  auto reply = std::shared_ptr<Reply>();
  {
    RawClient client(server.port());
    REQUIRE(client.send(post("/mcp", "{}")));
    reply = queue.pop();
    REQUIRE(reply);
    REQUIRE(client.read_until("data: {\"progress\":1}"));
  }  // the client disconnects
  CHECK(closed.wait());
  CHECK(log->wait_for("POST /mcp 200 "));
  CHECK(log->all().find("client=closed") != std::string::npos);
  // Registered after the close: called at once.
  Signal late;
  reply->on_close([&] { late.raise(); });
  CHECK(late.wait());
  reply->event("{\"after\":1}");  // harmless
}

TEST_CASE("on_close fires when the client goes away before a plain reply") {
  auto log = std::make_shared<LogCapture>();
  Signal closed;
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->on_close([&] { closed.raise(); });
    queue.push(reply);
  };
  TestServer server(test_options(log), router);
  std::shared_ptr<Reply> reply;  // kept: dropping it would answer 500
  {
    RawClient client(server.port());
    REQUIRE(client.send(post("/mcp", "{}")));
    reply = queue.pop();
    REQUIRE(reply);
  }
  CHECK(closed.wait());
  CHECK(log->wait_for("POST /mcp 499 "));
}

}  // namespace
}  // namespace tally::http::test
