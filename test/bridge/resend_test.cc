// libcurl sends a request again, on a new connection, when the keep-alive
// connection it reused closes before any answer. For a call that may have run
// on the server that is a second run; HttpRequest::resendable = false turns it
// into an error. The server is a real socket on 127.0.0.1 that answers the first
// request of each connection and closes it after reading the second.
#include <atomic>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "http_connection.h"

using namespace tally::bridge;

namespace {

class DroppingServer {
 public:
  DroppingServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listen_fd_, 8) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~DroppingServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    thread_.join();
    ::close(listen_fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/mcp"; }
  std::atomic<int> requests{0};

 private:
  void run() {
    for (;;) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      for (int on_connection = 0; read_request(fd); ++on_connection) {
        ++requests;
        if (on_connection > 0) break;  // the second: close without a byte of answer
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        if (::write(fd, answer.data(), answer.size()) != static_cast<ssize_t>(answer.size())) break;
      }
      ::close(fd);
    }
  }
  // One whole request (head and Content-Length body); false at EOF.
  static bool read_request(int fd) {
    std::string data;
    char buffer[4096];
    for (;;) {
      const auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto at = data.find("Content-Length: ");
        const std::size_t length = at == std::string::npos ? 0 : std::stoul(data.substr(at + 16));
        if (data.size() >= end + 4 + length) return true;
      }
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(got));
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

struct Ignore : ResponseHandler {
  bool on_body(std::string_view) override { return true; }
};

struct Outcome {
  HttpResult second;
  int requests_seen = 0;
};

// Two POSTs on one connection; the server drops the second unanswered.
Outcome second_post_dropped(bool resendable) {
  init_http_globally();
  DroppingServer server;
  HttpConnection connection(HttpSettings{});
  Outcome out;
  for (int i = 0; i < 2; ++i) {
    Ignore ignore;
    HttpRequest request;
    request.url = server.url();
    request.body = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"pay"}})";
    request.resendable = resendable;
    out.second = connection.perform(request, ignore);
    if (i == 0) REQUIRE(out.second.head.status == 200);
  }
  out.requests_seen = server.requests;
  return out;
}

}  // namespace

TEST_CASE("a POST that must not be resent fails when its reused connection closes unanswered") {
  const Outcome out = second_post_dropped(false);
  CHECK(out.second.code == CURLE_SEND_FAIL_REWIND);
  CHECK(out.requests_seen == 2);  // the server saw the call once
}

TEST_CASE("a resendable POST is sent again on a new connection (libcurl's own retry)") {
  const Outcome out = second_post_dropped(true);
  CHECK(out.second.code == CURLE_OK);
  CHECK(out.second.head.status == 200);
  CHECK(out.requests_seen == 3);
}
