// `tally inbox` (issue 18): one command from the terminal to the inbox page.
// The server it starts writes a private port file beside the ledger, so a
// second `tally inbox` reuses it; the sign-in link carries a one-time token
// whose hash is in the ledger, so whichever process serves the page honours it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "app/runtime.h"
#include "cli/commands.h"
#include "store/transaction.h"
#include "web/inbox_token.h"

extern char** environ;

namespace tally::cli {

namespace {

std::string port_file_of(const std::string& db) {
  return db + ".inbox-port";
}

/// The port of a live `tally inbox` server for this ledger, from its port file.
std::optional<unsigned> running_port(const std::string& file) {
  std::ifstream in(file);
  unsigned port = 0;
  long pid = 0;
  if (!(in >> port >> pid) || port == 0 || port > 65535 || pid <= 0) return std::nullopt;
  if (::kill(static_cast<pid_t>(pid), 0) != 0) return std::nullopt;  // gone (a stale file)
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool listening = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  if (!listening) return std::nullopt;
  return port;
}

/// "PORT PID", readable by this user only, replaced in one rename.
void write_port_file(const std::string& file, unsigned port) {
  std::string tmp = file + "." + std::to_string(::getpid()) + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + file + ": " + std::strerror(errno));
  std::string text = std::to_string(port) + " " + std::to_string(::getpid()) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + file + ": " + std::strerror(errno));
  }
}

/// Removes the port file when the server stops, however it stops.
struct PortFileGuard {
  std::string file;
  bool armed = false;
  ~PortFileGuard() {
    if (armed) std::remove(file.c_str());
  }
};

std::string mint_token(const app::RuntimeOptions& options) {
  app::Runtime runtime(options);  // opens and migrates the ledger; the link is for its workspace
  store::Transaction tx(runtime.db());
  std::string token = web::mint_inbox_token(runtime.db(), runtime.store().workspace_id);
  tx.commit();
  return token;
}

/// $BROWSER (its first entry), else xdg-open or open when there is a display.
std::string browser_command() {
  if (const char* b = std::getenv("BROWSER"); b && *b) {
    std::string first = b;
    return first.substr(0, first.find(':'));
  }
#ifdef __APPLE__
  return "open";
#else
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w) ? "xdg-open" : "";
#endif
}

void show(const std::string& url, bool open_browser) {
  std::printf("tally inbox: %s\n", url.c_str());
  std::fflush(stdout);
  std::string browser = open_browser ? browser_command() : "";
  if (browser.empty()) {
    std::fputs(
        "tally inbox: open the link above in a browser on this machine (it signs in once, within "
        "10 minutes)\n",
        stderr);
    return;
  }
  std::string arg0 = browser;
  std::string arg1 = url;
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, browser.c_str(), nullptr, nullptr, argv, environ) != 0) {
    std::fprintf(stderr, "tally inbox: could not start %s; open the link above yourself\n",
                 browser.c_str());
    return;
  }
  std::thread([pid] {
    int status = 0;
    ::waitpid(pid, &status, 0);  // reaped, never a zombie
  }).detach();
}

}  // namespace

int open_inbox(ServeOptions options, bool open_browser) {
  const std::string file = port_file_of(options.runtime.db_path);
  if (auto port = running_port(file)) {
    std::string token = mint_token(options.runtime);
    std::fprintf(stderr, "tally inbox: already served for this ledger on port %u\n", *port);
    show("http://127.0.0.1:" + std::to_string(*port) + "/inbox/open?token=" + token, open_browser);
    return 0;
  }
  std::string token = mint_token(options.runtime);
  PortFileGuard guard{file};
  options.http.listen = "127.0.0.1:0";
  options.http.on_listening = [&guard, &file, token, open_browser](unsigned port) {
    write_port_file(file, port);
    guard.armed = true;
    show("http://127.0.0.1:" + std::to_string(port) + "/inbox/open?token=" + token, open_browser);
    std::fputs("tally inbox: serving until Ctrl-C\n", stderr);
  };
  return serve_http(options);
}

}  // namespace tally::cli
