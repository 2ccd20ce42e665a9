#pragma once
// Test support for src/http: the server on 127.0.0.1 (port 0) on its own
// thread, a raw TCP client with bounded waits, and an access-log capture.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include "http/server.h"

namespace tally::http::test {

using namespace std::chrono_literals;
constexpr auto kWait = 5s;  // the bound on every wait; a pass takes milliseconds

/// Access-log lines, and a bounded wait for one.
class LogCapture : public spdlog::sinks::base_sink<std::mutex> {
 public:
  bool wait_for(const std::string& part, std::chrono::milliseconds limit = kWait) {
    std::unique_lock lock(lines_mutex_);
    return seen_.wait_for(lock, limit, [&] { return contains(part); });
  }
  std::string all() {
    std::lock_guard lock(lines_mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::lock_guard lock(lines_mutex_);
    text_.append(msg.payload.data(), msg.payload.size());
    text_ += '\n';
    seen_.notify_all();
  }
  void flush_() override {}

 private:
  bool contains(const std::string& part) const { return text_.find(part) != std::string::npos; }
  std::mutex lines_mutex_;
  std::condition_variable seen_;
  std::string text_;
};

/// Options for tests: loopback, a free port, the log captured.
inline Options test_options(std::shared_ptr<LogCapture> log) {
  Options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.access_log = std::make_shared<spdlog::logger>("http-test", log);
  return o;
}

/// A blocking TCP client whose every read is bounded by kWait.
class RawClient {
 public:
  explicit RawClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect failed");
  }
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  /// False when the peer has closed (EPIPE) before all was sent.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  /// Reads until `done(received)` holds, the peer closes, or kWait passes.
  /// What was read and not yet consumed stays in received().
  bool read_until(const std::function<bool(const std::string&)>& done) {
    auto deadline = std::chrono::steady_clock::now() + kWait;
    while (!done(received_)) {
      if (!read_more(deadline)) return done(received_);
    }
    return true;
  }
  bool read_until(const std::string& part) {
    return read_until([&](const std::string& r) { return r.find(part) != std::string::npos; });
  }

  /// Reads one whole response with Content-Length (or through the end of a
  /// chunked one) and removes it from received(). Empty on timeout/close.
  std::string read_response() {
    std::string response;
    bool ok = read_until([&](const std::string& r) {
      auto end = r.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      std::string head = r.substr(0, end + 4);
      std::string lower_head = head;
      for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto cl = lower_head.find("content-length:");
      if (lower_head.find("transfer-encoding: chunked") != std::string::npos) {
        auto last = r.find("\r\n0\r\n\r\n", end);
        if (last == std::string::npos) return false;
        response = r.substr(0, last + 7);
        return true;
      }
      size_t length = cl == std::string::npos ? 0 : std::stoul(lower_head.substr(cl + 15));
      if (r.size() < end + 4 + length) return false;
      response = r.substr(0, end + 4 + length);
      return true;
    });
    if (!ok) return "";
    received_.erase(0, response.size());
    return response;
  }

  /// True when the server closes the connection within kWait (bytes it sends
  /// first are kept in received()).
  bool wait_closed() {
    auto deadline = std::chrono::steady_clock::now() + kWait;
    while (true) {
      if (!read_more(deadline)) return closed_;
    }
  }

  const std::string& received() const { return received_; }
  bool closed() const { return closed_; }

 private:
  // One read; false on close, error or the deadline.
  bool read_more(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[8192];
    auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    received_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

/// A request with a body and Content-Length.
inline std::string post(std::string_view target, std::string_view body,
                        std::string_view extra_headers = "") {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
         std::string(extra_headers) +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

/// The body of a response read by read_response(), chunked or not.
inline std::string body_of(const std::string& response) {
  auto end = response.find("\r\n\r\n");
  if (end == std::string::npos) return "";
  std::string rest = response.substr(end + 4);
  if (response.find("Transfer-Encoding: chunked") == std::string::npos) return rest;
  std::string out;
  size_t at = 0;
  while (at < rest.size()) {
    auto line_end = rest.find("\r\n", at);
    size_t size = std::stoul(rest.substr(at, line_end - at), nullptr, 16);
    if (size == 0) break;
    out += rest.substr(line_end + 2, size);
    at = line_end + 2 + size + 2;
  }
  return out;
}

/// Replies handed from the io thread to the test thread, as a worker pool would get them.
class ReplyQueue {
 public:
  void push(std::shared_ptr<Reply> reply) {
    std::lock_guard lock(mutex_);
    replies_.push_back(std::move(reply));
    ready_.notify_all();
  }
  std::shared_ptr<Reply> pop() {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, kWait, [&] { return !replies_.empty(); })) return nullptr;
    auto reply = std::move(replies_.front());
    replies_.pop_front();
    return reply;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Reply>> replies_;
};

/// A flag another thread raises, with a bounded wait.
class Signal {
 public:
  void raise() {
    std::lock_guard lock(mutex_);
    raised_ = true;
    cv_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, kWait, [&] { return raised_; });
  }
  bool raised() {
    std::lock_guard lock(mutex_);
    return raised_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool raised_ = false;
};

/// The server running on a thread; stopped and joined on destruction.
class TestServer {
 public:
  TestServer(Options options, Router router)
      : server_(std::move(options), std::move(router)), thread_([this] {
          server_.run();
          stopped_.raise();
        }) {}
  ~TestServer() {
    server_.stop(0ms);
    thread_.join();
  }
  /// True when run() returned within kWait.
  bool wait_stopped() { return stopped_.wait(); }
  unsigned short port() const { return server_.port(); }
  Server& server() { return server_; }

 private:
  Server server_;
  Signal stopped_;
  std::thread thread_;
};

}  // namespace tally::http::test
