#pragma once
// The loopback redirect target (RFC 8252 §7.3, MCP auth §Authorization Flow): an HTTP
// listener on 127.0.0.1 and ::1 only, bound before the browser opens, that takes exactly
// one callback whose `state` matches and shows a small page either way. A callback with
// another state is refused and the wait goes on (a stale tab or a forged link must not
// end the sign-in), until the timeout.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace tally::bridge::oauth {

struct CallbackResult {
  std::string code;
  std::string iss;                ///< RFC 9207, when the AS sends it
  bool has_iss = false;           ///< the parameter was present (even empty)
  std::string error;              ///< the AS's error code when the user was not signed in
  std::string error_description;
};

class LoopbackCallback {
 public:
  LoopbackCallback(std::string path, std::string expected_state);
  ~LoopbackCallback();
  LoopbackCallback(const LoopbackCallback&) = delete;
  LoopbackCallback& operator=(const LoopbackCallback&) = delete;

  /// Binds `port` (0 = any free port) on 127.0.0.1, and on ::1 when the machine has IPv6.
  /// With `tries` > 1, walks up to `tries` consecutive ports. False with `error` if none binds.
  bool listen(int port, int tries, std::string& error);
  int port() const { return port_; }

  /// Blocks until one callback with the expected state arrives, or `timeout`.
  std::optional<CallbackResult> wait(std::chrono::milliseconds timeout);
  /// Callbacks refused for a wrong or missing state so far.
  int refused() const;

 private:
  void handle(const std::string& remote_addr, const std::string& path_seen,
              const std::vector<std::pair<std::string, std::string>>& params, int& status, std::string& page);
  void stop();

  std::string path_;
  std::string state_;
  int port_ = 0;
  std::vector<std::unique_ptr<httplib::Server>> servers_;
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<CallbackResult> result_;
  int refused_ = 0;
};

}  // namespace tally::bridge::oauth
