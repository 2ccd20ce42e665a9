#pragma once
// An exclusive advisory lock on a file (flock), held for the lifetime of the object.
// The kernel drops it when the holder exits, so a bridge killed mid-sign-in never
// wedges the others. flock locks belong to the open file, so two threads of one
// process exclude each other too.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace tally::bridge::oauth {

class FileLock {
 public:
  /// Waits up to `timeout` for the lock; nullopt with `error` on timeout or an I/O error.
  static std::optional<FileLock> acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout,
                                         std::string& error);
  /// Takes the lock only if free right now.
  static std::optional<FileLock> try_acquire(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace tally::bridge::oauth
