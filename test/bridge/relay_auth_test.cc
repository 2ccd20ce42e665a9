// The sign-in seam seen from the relay: a 401 pauses the request, hands the
// challenge to the AuthProvider, and retries once with the new credentials.
// The provider here stands in for bridge/oauth (another module); the HTTP
// server and pipes are real.
#include "relay.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <poll.h>
#include <unistd.h>

#include <doctest/doctest.h>

using namespace tally::bridge;
using namespace std::chrono_literals;

namespace {

class FakeSignIn : public AuthProvider {
 public:
  explicit FakeSignIn(bool succeed) : succeed_(succeed) {}
  std::string authorization() override {
    std::lock_guard lock(mutex_);
    return token_;
  }
  bool on_challenge(int status, const std::vector<std::string>& www, std::string& error) override {
    std::this_thread::sleep_for(50ms);  // the user signing in
    std::lock_guard lock(mutex_);
    ++challenges;
    last_status = status;
    last_www = www;
    if (!succeed_) {
      error = "sign-in was cancelled in the browser; run `tally-bridge login URL` to retry";
      return false;
    }
    token_ = "Bearer fresh";
    return true;
  }
  std::atomic<int> challenges{0};
  int last_status = 0;
  std::vector<std::string> last_www;

 private:
  bool succeed_;
  std::mutex mutex_;
  std::string token_;
};

// Serves /mcp: 401 unless "Authorization: Bearer fresh", then a JSON answer.
struct Server {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> authorizations;

  Server() {
    http.Post("/mcp", [this](const httplib::Request& req, httplib::Response& res) {
      auto auth = req.get_header_value("Authorization");
      {
        std::lock_guard lock(mutex);
        authorizations.push_back(auth);
      }
      if (auth != "Bearer fresh") {
        res.status = 401;
        res.set_header("WWW-Authenticate", R"(Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource", scope="read")");
        return;
      }
      auto id = req.body.substr(req.body.find("\"id\":") + 5);
      id = id.substr(0, id.find_first_of(",}"));
      res.set_content(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})", "application/json");
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
  }
  ~Server() {
    http.stop();
    thread.join();
  }
};

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  /// One line from the read end, waiting at most `timeout`.
  std::string read_line(std::chrono::milliseconds timeout) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char c;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      if (::read(fds[0], &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return "<timeout> " + line;
  }
};

BridgeOptions options_for(const Server& server) {
  BridgeOptions o;
  o.server_url = "http://127.0.0.1:" + std::to_string(server.port) + "/mcp";
  o.transport = TransportStrategy::http_only;
  o.protocol = ProtocolMode::legacy;  // these tests count requests: no era probe, no era cache
  return o;
}

}  // namespace

TEST_CASE("401: the provider signs in once and the request is retried with the new token") {
  Server server;
  FakeSignIn provider(true);
  Pipe out;
  StdoutWriter writer(out.fds[1]);
  {
    Relay relay(options_for(server), &provider, writer);
    relay.handle_line(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    CHECK(out.read_line(5s) == R"({"jsonrpc":"2.0","id":1,"result":{}})");
    // Concurrent requests after sign-in carry the token; no second sign-in.
    relay.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
    relay.handle_line(R"({"jsonrpc":"2.0","id":3,"method":"ping"})");
    std::vector<std::string> lines = {out.read_line(5s), out.read_line(5s)};
    std::sort(lines.begin(), lines.end());
    CHECK(lines[0] == R"({"jsonrpc":"2.0","id":2,"result":{}})");
    CHECK(lines[1] == R"({"jsonrpc":"2.0","id":3,"result":{}})");
    relay.close(0ms, 500ms);
  }
  CHECK(provider.challenges == 1);
  CHECK(provider.last_status == 401);
  REQUIRE(provider.last_www.size() == 1);
  CHECK(provider.last_www[0].find("resource_metadata=") != std::string::npos);
  std::lock_guard lock(server.mutex);
  REQUIRE(server.authorizations.size() == 4);
  CHECK(server.authorizations[0] == "");  // no token yet: no Authorization header at all
  CHECK(server.authorizations[1] == "Bearer fresh");
}

TEST_CASE("401 with a failed sign-in answers the request with the provider's message") {
  Server server;
  FakeSignIn provider(false);
  Pipe out;
  StdoutWriter writer(out.fds[1]);
  Relay relay(options_for(server), &provider, writer);
  relay.handle_line(R"({"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  CHECK(out.read_line(5s) ==
        R"({"jsonrpc":"2.0","id":"a","error":{"code":-32000,"message":"sign-in was cancelled in the browser; run `tally-bridge login URL` to retry"}})");
  relay.close(0ms, 500ms);
  CHECK(provider.challenges == 1);
}

TEST_CASE("401 with --header Authorization reports the header instead of signing in") {
  Server server;
  FakeSignIn provider(true);
  Pipe out;
  StdoutWriter writer(out.fds[1]);
  auto options = options_for(server);
  options.headers.push_back({"Authorization", "Bearer stale"});
  Relay relay(options, &provider, writer);
  relay.handle_line(R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
  auto line = out.read_line(5s);
  CHECK(line.find(R"("id":7,"error")") != std::string::npos);
  CHECK(line.find("refused the Authorization header given with --header (HTTP 401)") != std::string::npos);
  relay.close(0ms, 500ms);
  CHECK(provider.challenges == 0);
}
