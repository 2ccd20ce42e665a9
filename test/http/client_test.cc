// The outbound client against the in-process server over 127.0.0.1.

#include "http/client.h"

#include <doctest/doctest.h>

#include "http/server.h"
#include "http/url.h"
#include "support.h"

namespace tally::http::test {
namespace {

Router fixture_router(ReplyQueue& parked) {
  Router router;
  router.on_request = [&parked](Request request, std::shared_ptr<Reply> reply) {
    if (request.path == "/echo") {
      std::string seen = request.method + " " + request.target +
                         " auth=" + std::string(request.header("authorization").value_or("-")) +
                         " host=" + std::string(request.header("host").value_or("-")) +
                         " body=" + request.body;
      return reply->send(201, {{"X-Seen", "yes"}}, seen);
    }
    if (request.path == "/moved") return reply->send(302, {{"Location", "/echo"}}, "");
    if (request.path == "/big") return reply->send(200, {}, std::string(2000, 'b'));
    parked.push(reply);  // /slow: answered never
  };
  return router;
}

TEST_CASE("fetch over http: method, headers and body both ways") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue parked;
  TestServer server(test_options(log), fixture_router(parked));
  const auto base = "http://127.0.0.1:" + std::to_string(server.port());

  auto response = fetch(base + "/echo?x=1", "POST", {{"Authorization", "Bearer t"}}, "{}", kWait);
  CHECK(response.status == 201);
  CHECK(response.header("x-seen") == "yes");
  CHECK(response.body == "POST /echo?x=1 auth=Bearer t host=127.0.0.1:" +
                             std::to_string(server.port()) + " body={}");

  auto get = fetch(base + "/echo");
  CHECK(get.body.starts_with("GET /echo auth=- "));
}

TEST_CASE("fetch does not follow redirects") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue parked;
  TestServer server(test_options(log), fixture_router(parked));
  auto response = fetch("http://127.0.0.1:" + std::to_string(server.port()) + "/moved");
  CHECK(response.status == 302);
  CHECK(response.header("location") == "/echo");
}

TEST_CASE("fetch failures are FetchErrors that name the URL without its query") {
  auto log = std::make_shared<LogCapture>();
  ReplyQueue parked;
  TestServer server(test_options(log), fixture_router(parked));
  const auto base = "http://127.0.0.1:" + std::to_string(server.port());

  FetchOptions small;
  small.max_response_bytes = 1000;
  CHECK_THROWS_WITH_AS(fetch(base + "/big", "GET", {}, {}, kWait, small),
                       ("GET " + base + "/big: response body over 1000 bytes").c_str(), FetchError);
  CHECK_THROWS_WITH_AS(fetch(base + "/slow?token=secret", "GET", {}, {}, 200ms),
                       ("GET " + base + "/slow: no response within 200 ms").c_str(), FetchError);
  CHECK_THROWS_WITH_AS(fetch("ftp://example.com/"),
                       "cannot fetch 'ftp://example.com/': only http and https URLs", FetchError);
  CHECK_THROWS_WITH_AS(fetch("https://user:pw@example.com/"),
                       doctest::Contains("credentials in a URL are not supported"), FetchError);
}

TEST_CASE("fetch to a closed port fails promptly") {
  unsigned short port;
  {
    auto log = std::make_shared<LogCapture>();
    ReplyQueue parked;
    TestServer server(test_options(log), fixture_router(parked));
    port = server.port();
  }
  CHECK_THROWS_AS(fetch("http://127.0.0.1:" + std::to_string(port) + "/", "GET", {}, {}, kWait),
                  FetchError);
}

TEST_CASE("parse_url") {
  std::string error;
  auto url = parse_url("HTTPS://Example.COM/a/b?c=d#frag", &error);
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "example.com");
  CHECK(url->port == "443");
  CHECK(url->target == "/a/b?c=d");
  CHECK(url->authority() == "example.com");
  CHECK(url->redacted() == "https://example.com/a/b");

  url = parse_url("http://[::1]:8080?q", &error);
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->target == "/?q");
  CHECK(url->authority() == "[::1]:8080");

  CHECK(!parse_url("example.com/x", &error));
  CHECK(error == "not an absolute URL");
  CHECK(!parse_url("http://host:99999/", &error));
  CHECK(error == "bad host or port");
  CHECK(!parse_url("http://[]:8/", &error));  // found by fuzz/http_checks: it parsed to an empty host
  CHECK(error == "bad host or port");
}

}  // namespace
}  // namespace tally::http::test
