#include "line_reader.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <poll.h>
#include <unistd.h>

namespace tally::bridge {

LineReader::End LineReader::run(const std::function<void(std::string&&)>& on_line,
                                const std::function<void()>& on_oversized) {
  std::vector<char> buffer(64 * 1024);
  std::string line;
  bool discarding = false;  // inside an oversized line: skip to its end
  auto emit = [&] {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.find_first_not_of(" \t") != std::string::npos) on_line(std::move(line));
    line = std::string();
  };
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int n = ::poll(fds, wake_fd_ >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return End::error;
    }
    if (wake_fd_ >= 0 && (fds[1].revents & POLLIN)) return End::woken;
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t got = ::read(fd_, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return End::error;
    }
    if (got == 0) {
      if (!discarding) emit();
      return End::eof;
    }
    const char* p = buffer.data();
    const char* end = p + got;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      if (!discarding) {
        line.append(p, stop);
        if (line.size() > max_line_) {
          line = std::string();
          discarding = true;
          on_oversized();
        }
      }
      if (nl) {
        if (!discarding) emit();
        discarding = false;
        p = nl + 1;
      } else {
        p = end;
      }
    }
  }
}

}  // namespace tally::bridge
