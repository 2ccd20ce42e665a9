#include "stdout_writer.h"

#include <cerrno>
#include <string>

#include <sys/uio.h>
#include <unistd.h>

namespace tally::bridge {

bool StdoutWriter::write_line(std::string_view json) {
  if (json.find_first_of("\r\n") == std::string_view::npos) {
    std::lock_guard lock(mutex_);
    return write_all(json, "\n");
  }
  std::string flat(json);
  for (char& c : flat)
    if (c == '\r' || c == '\n') c = ' ';
  std::lock_guard lock(mutex_);
  return write_all(flat, "\n");
}

bool StdoutWriter::write_all(std::string_view a, std::string_view b) {
  if (broken_.load(std::memory_order_relaxed)) return false;
  iovec iov[2] = {{const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
  int first = 0;
  while (first < 2) {
    ssize_t n = ::writev(fd_, iov + first, 2 - first);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_.store(true, std::memory_order_relaxed);
      return false;
    }
    auto left = static_cast<std::size_t>(n);
    while (first < 2 && left >= iov[first].iov_len) {
      left -= iov[first].iov_len;
      ++first;
    }
    if (first < 2) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return true;
}

}  // namespace tally::bridge
