#pragma once
// A shutdown flag that interrupts waits (retry delays, backoff) at once.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tally::bridge {

class StopFlag {
 public:
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    cv_.notify_all();
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }
  /// Sleeps; returns false if stopped meanwhile.
  bool sleep_for(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, delay, [&] { return stopped_; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace tally::bridge
