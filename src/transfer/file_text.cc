#include "transfer/file_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tally::transfer {

namespace {

/// "" for a regular file, else what it is, for the message.
std::string not_regular(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  return "a device";
}

/// Closes the descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever, before
  // fstat could tell us what it is.
  Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0)
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno) +
                             " (check the path and that the file is yours)");
  struct stat info {};
  if (::fstat(file.fd, &info) != 0)
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  if (std::string what = not_regular(info.st_mode); !what.empty())
    throw std::runtime_error(
        path + " is " + what +
        ", not a file: give the path of a .csv, .json, .jsonl, .ofx or "
        ".qfx file" +
        (what == "a folder" ? " inside it" : " (save the data to a file first)"));
  std::string text;
  text.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("reading " + path + " failed: " + std::strerror(errno));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void require_regular_or_absent(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return;  // absent (or unreachable: opening it will say)
  if (std::string what = not_regular(info.st_mode); !what.empty())
    throw std::runtime_error(path + " is " + what +
                             ", not a file; give --out the path of a file to write");
}

std::string file_name_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace tally::transfer
