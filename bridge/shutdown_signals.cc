#include "shutdown_signals.h"

#include <csignal>
#include <initializer_list>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace tally::bridge {
namespace {
volatile sig_atomic_t g_write_fd = -1;

void on_signal(int) {
  if (g_write_fd >= 0) {
    char byte = 1;
    [[maybe_unused]] auto ignored = ::write(g_write_fd, &byte, 1);
  }
}
}  // namespace

ShutdownSignals::ShutdownSignals() {
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  if (::pipe(fds) != 0) return;
  for (int fd : fds) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFL, O_NONBLOCK);
  read_fd_ = fds[0];
  g_write_fd = fds[1];
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
}

bool ShutdownSignals::pending() const {
  pollfd fd = {read_fd_, POLLIN, 0};
  return read_fd_ >= 0 && ::poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN);
}

ShutdownSignals::~ShutdownSignals() {
  struct sigaction sa = {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
  if (g_write_fd >= 0) ::close(g_write_fd);
  g_write_fd = -1;
  if (read_fd_ >= 0) ::close(read_fd_);
}

}  // namespace tally::bridge
