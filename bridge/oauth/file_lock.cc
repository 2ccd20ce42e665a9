#include "oauth/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace tally::bridge::oauth {
namespace {
int open_lock_file(const std::filesystem::path& path) {
  return ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}
}  // namespace

std::optional<FileLock> FileLock::acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout,
                                          std::string& error) {
  int fd = open_lock_file(path);
  if (fd < 0) {
    error = "cannot open lock file " + path.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  FileLock lock(fd);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Polling keeps the wait bounded without a signal-based timeout; 20 ms is far below
  // anything a user notices and far above the cost of a flock call.
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      error = "cannot lock " + path.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      error = "timed out waiting for another tally-bridge to finish signing in";
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return lock;
}

std::optional<FileLock> FileLock::try_acquire(const std::filesystem::path& path) {
  int fd = open_lock_file(path);
  if (fd < 0) return std::nullopt;
  FileLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) return std::nullopt;
  return lock;
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace tally::bridge::oauth
