#include "mcp/output.h"

#include <cerrno>
#include <unistd.h>

namespace tally::mcp {

void Output::send(const json& message) {
  std::string line = to_line(message);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  if (broken_) return;
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_ = true;  // the client closed its end; nothing more can be said
      return;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

bool Output::alive() const {
  std::lock_guard lock(mu_);
  return !broken_;
}

}  // namespace tally::mcp
