#include "oauth/loopback_callback.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "oauth/http_client.h"

using namespace tally::bridge::oauth;
using namespace std::chrono_literals;

namespace {
HttpResponse visit(int port, const std::string& path_and_query) {
  HttpClient http(tally::bridge::HttpSettings{}, 5000);
  return http.get("http://127.0.0.1:" + std::to_string(port) + path_and_query);
}

// Local addresses of listening TCP sockets on `port`, from /proc/net/tcp{,6} (hex as the kernel prints).
std::vector<std::string> listeners(int port) {
  std::vector<std::string> out;
  char want[8];
  std::snprintf(want, sizeof want, "%04X", port);
  for (const char* file : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      auto colon = local.rfind(':');
      if (state == "0A" && local.substr(colon + 1) == want) out.push_back(local.substr(0, colon));
    }
  }
  return out;
}
}  // namespace

TEST_CASE("a callback with the wrong state is refused; the right one completes the wait") {
  LoopbackCallback callback("/oauth/callback", "expected-state");
  std::string error;
  REQUIRE(callback.listen(0, 1, error));
  REQUIRE(callback.port() > 0);

  auto forged = visit(callback.port(), "/oauth/callback?code=evil&state=other");
  CHECK(forged.status == 400);
  CHECK(forged.body.find("state mismatch") != std::string::npos);
  CHECK(callback.refused() == 1);
  CHECK_FALSE(callback.wait(50ms));
  CHECK(visit(callback.port(), "/oauth/callback?code=evil").status == 400);  // no state at all
  CHECK(visit(callback.port(), "/elsewhere?code=c&state=expected-state").status == 404);

  auto good = visit(callback.port(), "/oauth/callback?code=the-code&state=expected-state&iss=https%3A%2F%2Fas");
  CHECK(good.status == 200);
  CHECK(good.body.find("Signed in") != std::string::npos);
  auto result = callback.wait(1s);
  REQUIRE(result);
  CHECK(result->code == "the-code");
  CHECK(result->iss == "https://as");
  CHECK(result->has_iss);  // RFC 9207: present is what counts, even when empty
  CHECK(visit(callback.port(), "/oauth/callback?code=again&state=expected-state").status == 409);
}

TEST_CASE("an error from the authorization server ends the wait with a failure page") {
  LoopbackCallback callback("/cb", "s");
  std::string error;
  REQUIRE(callback.listen(0, 1, error));
  auto page = visit(callback.port(), "/cb?error=access_denied&error_description=user+said+no&state=s");
  CHECK(page.body.find("Sign-in failed") != std::string::npos);
  auto result = callback.wait(1s);
  REQUIRE(result);
  CHECK(result->error == "access_denied");
  CHECK(result->error_description == "user said no");
  CHECK_FALSE(result->has_iss);
}

TEST_CASE("it listens on loopback addresses only") {
  LoopbackCallback callback("/cb", "s");
  std::string error;
  REQUIRE(callback.listen(0, 1, error));
  auto bound = listeners(callback.port());
  REQUIRE_FALSE(bound.empty());
  for (const auto& addr : bound) {
    // 0100007F = 127.0.0.1; ::1 in /proc's word order
    CHECK_MESSAGE((addr == "0100007F" || addr == "00000000000000000000000001000000"), addr);
  }
  // And a connection to a non-loopback address of this machine is refused.
  ifaddrs* list = nullptr;
  REQUIRE(getifaddrs(&list) == 0);
  int tried = 0;
  for (ifaddrs* it = list; it; it = it->ifa_next) {
    if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET) continue;
    auto* in = reinterpret_cast<sockaddr_in*>(it->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
    sockaddr_in target = *in;
    target.sin_port = htons(uint16_t(callback.port()));
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0);
    close(fd);
    ++tried;
  }
  freeifaddrs(list);
  if (!tried) MESSAGE("no non-loopback IPv4 address on this machine; checked the bound addresses only");
}

TEST_CASE("a port in use is not shared: strict fails, otherwise the next port is taken") {
  LoopbackCallback first("/cb", "a");
  std::string error;
  REQUIRE(first.listen(0, 1, error));
  LoopbackCallback strict("/cb", "b");
  CHECK_FALSE(strict.listen(first.port(), 1, error));
  CHECK(error.find("cannot listen on localhost port " + std::to_string(first.port())) == 0);
  LoopbackCallback walking("/cb", "c");
  if (walking.listen(first.port(), 8, error)) {
    CHECK(walking.port() > first.port());
    CHECK(walking.port() < first.port() + 8);
  }
}
