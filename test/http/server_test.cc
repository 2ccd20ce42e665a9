// The server over real sockets on 127.0.0.1: requests, keep-alive, early
// refusals, replies from other threads, time limits and a graceful stop.

#include "http/server.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "support.h"

namespace tally::http::test {
namespace {

Router echo_router() {
  Router router;
  router.on_request = [](Request request, std::shared_ptr<Reply> reply) {
    std::string info = request.method + " " + request.path + " q=" + request.query +
                       " ct=" + std::string(request.header("content-type").value_or("-")) +
                       " peer=" + request.peer_address + " body=" + request.body;
    reply->send(200, {{"Content-Type", "text/plain"}}, info);
  };
  return router;
}

TEST_CASE("a POST is answered, and the connection serves a second request") {
  auto log = std::make_shared<LogCapture>();
  TestServer server(test_options(log), echo_router());
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp?token=secret", "{\"a\":1}", "X-Mixed-Case: yes\r\n")));
  auto first = client.read_response();
  CHECK(first.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(first.find("Content-Type: text/plain\r\n") != std::string::npos);
  CHECK(body_of(first) ==
        "POST /mcp q=token=secret ct=application/json peer=127.0.0.1 body={\"a\":1}");
  CHECK(first.find("Connection: close") == std::string::npos);

  REQUIRE(client.send(post("/second", "x")));
  auto second = client.read_response();
  CHECK(body_of(second) == "POST /second q= ct=application/json peer=127.0.0.1 body=x");

  // One access-log line per request, and never the query string.
  CHECK(log->wait_for("POST /second 200 "));
  CHECK(log->all().find("POST /mcp 200 ") != std::string::npos);
  CHECK(log->all().find("secret") == std::string::npos);
}

TEST_CASE("header names reach the route lower-cased") {
  auto log = std::make_shared<LogCapture>();
  Router router;
  router.on_request = [](Request request, std::shared_ptr<Reply> reply) {
    reply->send(200, {}, std::string(request.header("x-mixed-case").value_or("missing")));
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/", "", "X-Mixed-Case: yes\r\n")));
  CHECK(body_of(client.read_response()) == "yes");
}

TEST_CASE("on_head refuses before the body is read, and the connection closes") {
  auto log = std::make_shared<LogCapture>();
  Router router = echo_router();
  router.on_head = [](const Head& head) -> std::optional<Response> {
    if (head.path == "/private")
      return Response{401, {{"WWW-Authenticate", "Bearer"}}, "sign in\n"};
    return std::nullopt;
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  // Announces 100 bytes and sends none: the answer must not wait for them.
  REQUIRE(client.send("POST /private HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 401 Unauthorized\r\n"));
  CHECK(response.find("WWW-Authenticate: Bearer\r\n") != std::string::npos);
  CHECK(response.find("Connection: close\r\n") != std::string::npos);
  CHECK(client.wait_closed());
}

TEST_CASE("a route's reply may come later, from another thread") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) { queue.push(reply); };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/mcp", "{}")));
  auto reply = queue.pop();
  REQUIRE(reply);
  std::thread worker([reply] {
    reply->log_field("tool", "add_transaction");
    reply->send(202, {}, "");
  });
  worker.join();
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 202 Accepted\r\n"));
  CHECK(log->wait_for("POST /mcp 202 "));
  CHECK(log->all().find("tool=add_transaction") != std::string::npos);
  // A second answer to the same request is ignored.
  reply->send(500, {}, "late");
  REQUIRE(client.send(post("/next", "")));
  CHECK(queue.pop() != nullptr);
}

TEST_CASE("a reply dropped unanswered becomes 500; a throwing route too") {
  auto log = std::make_shared<LogCapture>();
  Router router;
  router.on_request = [](Request request, std::shared_ptr<Reply>) {
    if (request.path == "/throw") throw std::runtime_error("boom");
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/drop", "")));
  CHECK(client.read_response().starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
  REQUIRE(client.send(post("/throw", "")));
  CHECK(client.read_response().starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
}

TEST_CASE("Expect: 100-continue gets 100 before the body is sent") {
  auto log = std::make_shared<LogCapture>();
  TestServer server(test_options(log), echo_router());
  RawClient client(server.port());
  REQUIRE(client.send(
      "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  REQUIRE(client.read_until("HTTP/1.1 100 Continue\r\n\r\n"));
  REQUIRE(client.send("ok"));
  REQUIRE(client.read_until("body=ok"));
}

TEST_CASE("a malformed request line gets 400 and the connection closes") {
  auto log = std::make_shared<LogCapture>();
  TestServer server(test_options(log), echo_router());
  RawClient client(server.port());
  REQUIRE(client.send("NOT HTTP AT ALL\r\n\r\n"));
  CHECK(client.wait_closed());
  CHECK(client.received().starts_with("HTTP/1.1 400 Bad Request\r\n"));
}

TEST_CASE("the request time limit answers 503 and fires on_close") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.request_timeout = 200ms;
  Signal closed;
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->on_close([&] { closed.raise(); });
    queue.push(reply);  // never answered
  };
  TestServer server(options, router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/slow", "")));
  auto response = client.read_response();
  CHECK(response.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK(response.find("Connection: close") != std::string::npos);
  CHECK(closed.wait());
  CHECK(client.wait_closed());
  CHECK(log->wait_for("POST /slow 503 "));
}

TEST_CASE("stop() lets an in-flight reply finish, then run() returns") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue queue;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) { queue.push(reply); };
  TestServer server(test_options(log), router);
  RawClient busy(server.port());
  RawClient idle(server.port());
  REQUIRE(busy.send(post("/work", "")));
  auto reply = queue.pop();
  REQUIRE(reply);
  // The idle connection must be registered before stop, so it is closed by it.
  REQUIRE(idle.send(post("/first", "")));
  auto idle_reply = queue.pop();
  REQUIRE(idle_reply);
  idle_reply->send(200, {}, "done");
  REQUIRE(!idle.read_response().empty());

  server.server().stop(std::chrono::milliseconds(5000));
  CHECK(idle.wait_closed());         // between requests: closed at once
  reply->send(200, {}, "finished");  // in flight: allowed to finish
  auto response = busy.read_response();
  CHECK(body_of(response) == "finished");
  CHECK(response.find("Connection: close") != std::string::npos);
  CHECK(server.wait_stopped());
}

TEST_CASE("stop() closes what outlives the grace, firing on_close") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue queue;
  Signal closed;
  Router router;
  router.on_request = [&](Request, std::shared_ptr<Reply> reply) {
    reply->hold();
    reply->on_close([&] { closed.raise(); });
    queue.push(reply);
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/listen", "")));
  auto reply = queue.pop();
  REQUIRE(reply);
  server.server().stop(std::chrono::milliseconds(50));
  CHECK(closed.wait());
  CHECK(client.wait_closed());
  CHECK(server.wait_stopped());
  reply->send(200, {}, "too late");  // a no-op, not a crash
}

TEST_CASE("a busy port is a clear error") {
  auto log = std::make_shared<LogCapture>();
  TestServer first(test_options(log), echo_router());
  auto options = test_options(log);
  options.port = first.port();
  CHECK_THROWS_WITH(Server(options, echo_router()),
                    doctest::Contains("cannot listen on 127.0.0.1:"));
  options.host = "localhost";
  CHECK_THROWS_WITH(Server(options, echo_router()),
                    "cannot listen on 'localhost': not an IP address");
}

}  // namespace
}  // namespace tally::http::test

namespace tally::http::test {
namespace {

TEST_CASE("several io threads serve many clients at once, replies from workers") {
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.threads = 4;
  std::mutex workers_mutex;
  std::vector<std::thread> workers;  // joined before the server goes
  Router router;
  router.on_request = [&](Request request, std::shared_ptr<Reply> reply) {
    std::lock_guard lock(workers_mutex);
    workers.emplace_back([reply, body = request.body] { reply->send(200, {}, body); });
  };
  TestServer server(options, router);
  constexpr int kClients = 40;
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<RawClient>(server.port()));
    REQUIRE(clients.back()->send(post("/mcp", "client " + std::to_string(i))));
  }
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kClients; ++i) {
      CAPTURE(i);
      CHECK(body_of(clients[i]->read_response()) == "client " + std::to_string(i));
      if (round == 0) REQUIRE(clients[i]->send(post("/mcp", "client " + std::to_string(i))));
    }
  }
  std::lock_guard lock(workers_mutex);
  for (auto& worker : workers) worker.join();
}

}  // namespace
}  // namespace tally::http::test

namespace tally::http::test {
namespace {

TEST_CASE("pipelined requests are answered in order; Connection: close is honoured") {
  auto log = std::make_shared<LogCapture>();
  Router router;
  router.on_request = [](Request request, std::shared_ptr<Reply> reply) {
    reply->send(200, {}, request.path);
  };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send(post("/one", "") + post("/two", "") +
                      "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  CHECK(body_of(client.read_response()) == "/one");
  CHECK(body_of(client.read_response()) == "/two");
  auto last = client.read_response();
  CHECK(body_of(last) == "/three");
  CHECK(last.find("Connection: close\r\n") != std::string::npos);
  CHECK(client.wait_closed());
}

TEST_CASE("HEAD gets the length of the body but not the body") {
  auto log = std::make_shared<LogCapture>();
  Router router;
  router.on_request = [](Request, std::shared_ptr<Reply> reply) { reply->send(200, {}, "12345"); };
  TestServer server(test_options(log), router);
  RawClient client(server.port());
  REQUIRE(client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(
      client.read_until([](const std::string& r) { return r.find("12345") != std::string::npos; }));
  CHECK(client.received().starts_with(
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n"));
}

}  // namespace
}  // namespace tally::http::test
