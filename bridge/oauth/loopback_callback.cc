#include "oauth/loopback_callback.h"

#include <algorithm>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include "oauth/url.h"

namespace tally::bridge::oauth {
namespace {
// httplib's default sets SO_REUSEPORT, which would let two bridges listen on one port and
// the kernel hand our callback to the other; SO_REUSEADDR alone only skips TIME_WAIT.
void exclusive_socket(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string page(const std::string& title, const std::string& text) {
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
         "</title></head><body style=\"font-family:sans-serif;max-width:36em;margin:4em auto\"><h1>" +
         html_escape(title) + "</h1><p>" + html_escape(text) + "</p></body></html>\n";
}

bool loopback_peer(const std::string& addr) {
  return addr == "::1" || addr.rfind("127.", 0) == 0 || addr.rfind("::ffff:127.", 0) == 0;
}
}  // namespace

LoopbackCallback::LoopbackCallback(std::string path, std::string expected_state)
    : path_(std::move(path)), state_(std::move(expected_state)) {}

LoopbackCallback::~LoopbackCallback() { stop(); }

void LoopbackCallback::stop() {
  for (auto& server : servers_) server->stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  servers_.clear();
}

bool LoopbackCallback::listen(int port, int tries, std::string& error) {
  auto make = [this] {
    auto server = std::make_unique<httplib::Server>();
    server->set_socket_options(exclusive_socket);
    server->set_keep_alive_max_count(1);
    server->set_read_timeout(5, 0);
    server->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::vector<std::pair<std::string, std::string>> params(req.params.begin(), req.params.end());
      int status = 200;
      std::string body;
      handle(req.remote_addr, req.path, params, status, body);
      res.status = status;
      res.set_header("Cache-Control", "no-store");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_content(body, "text/html; charset=utf-8");
    });
    return server;
  };
  for (int i = 0; i < std::max(1, tries); ++i) {
    int candidate = port ? port + i : 0;
    if (candidate > 65535) break;
    auto v4 = make();
    int bound = candidate ? (v4->bind_to_port("127.0.0.1", candidate) ? candidate : -1)
                          : v4->bind_to_any_port("127.0.0.1");
    if (bound <= 0) continue;
    // The browser may resolve localhost to ::1 first. If IPv6 loopback exists but this port
    // is taken there by someone else, that someone would get our callback: try the next port.
    auto v6 = make();
    bool v6_ok = v6->bind_to_port("::1", bound);
    if (!v6_ok) {
      int probe = ::socket(AF_INET6, SOCK_STREAM, 0);
      bool has_v6 = false;
      if (probe >= 0) {
        sockaddr_in6 addr{};
        addr.sin6_family = AF_INET6;
        addr.sin6_addr = in6addr_loopback;
        has_v6 = ::bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(probe);
      }
      if (has_v6 && (port || i + 1 < tries)) continue;  // ::1 works, but not on this port
    }
    port_ = bound;
    servers_.push_back(std::move(v4));
    if (v6_ok) servers_.push_back(std::move(v6));
    for (auto& server : servers_) {
      threads_.emplace_back([s = server.get()] { s->listen_after_bind(); });
    }
    // stop() only reaches a server whose accept loop has begun; wait for that (the sockets
    // already listen, so a browser connecting meanwhile just queues).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (auto& server : servers_) {
      while (!server->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    return true;
  }
  error = port ? "cannot listen on localhost port " + std::to_string(port) +
                     (tries > 1 ? "–" + std::to_string(port + tries - 1) : "") +
                     " for the sign-in callback (in use by another program?)"
               : "cannot listen on a localhost port for the sign-in callback";
  return false;
}

void LoopbackCallback::handle(const std::string& remote_addr, const std::string& path_seen,
                              const std::vector<std::pair<std::string, std::string>>& params, int& status,
                              std::string& body) {
  if (!loopback_peer(remote_addr)) {  // cannot happen when bound to loopback; belt and braces
    status = 403;
    body = page("Refused", "Only this computer may complete the sign-in.");
    return;
  }
  if (path_seen != path_) {
    status = 404;
    body = page("Not found", "This is tally-bridge's sign-in callback; nothing else lives here.");
    return;
  }
  auto get = [&](const char* name) {
    for (const auto& [k, v] : params) {
      if (k == name) return v;
    }
    return std::string();
  };
  std::lock_guard lock(mutex_);
  if (result_) {
    status = 409;
    body = page("Already signed in", "This sign-in has already completed. You can close this tab.");
    return;
  }
  if (get("state") != state_) {
    ++refused_;
    status = 400;
    body = page("Sign-in link refused",
                "This callback does not belong to the sign-in tally-bridge is waiting for (state mismatch). "
                "If you started a new sign-in, finish it in its own tab.");
    arrived_.notify_all();
    return;
  }
  CallbackResult result;
  result.code = get("code");
  result.iss = get("iss");
  result.has_iss = std::any_of(params.begin(), params.end(), [](const auto& kv) { return kv.first == "iss"; });
  result.error = get("error");
  result.error_description = get("error_description");
  if (result.code.empty() && result.error.empty()) {
    status = 400;
    body = page("Sign-in failed", "The authorization server sent neither a code nor an error.");
    result.error = "invalid_request";
    result.error_description = "callback without code";
  } else if (!result.error.empty()) {
    status = 200;
    body = page("Sign-in failed", "The authorization server said: " + result.error +
                                      (result.error_description.empty() ? "" : " (" + result.error_description + ")") +
                                      ". Return to your application for the next step.");
  } else {
    status = 200;
    body = page("Signed in", "tally-bridge is finishing the sign-in. You can close this tab.");
  }
  result_ = std::move(result);
  arrived_.notify_all();
}

std::optional<CallbackResult> LoopbackCallback::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, timeout, [this] { return result_.has_value(); });
  return result_;
}

int LoopbackCallback::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace tally::bridge::oauth
