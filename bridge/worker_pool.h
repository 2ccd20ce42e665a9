#pragma once
// Threads that carry client messages upstream. A long tools/call occupies one
// worker while the others keep relaying. The connections they send on are
// shared (ConnectionPool), so a worker waiting for the client, a sign-in or its
// turn holds none. Workers are created on demand: a quiet client costs one thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tally::bridge {

class WorkerPool {
 public:
  using Job = std::function<void()>;

  /// Beyond `max_workers` busy, jobs queue; wait_for_room() tells the caller to
  /// stop taking more once `max_queued` wait.
  explicit WorkerPool(std::size_t max_workers, std::size_t max_queued = 256);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// An urgent job (the client's answer to a question a running call asked, a
  /// cancellation) does not queue while the pool is under twice its size: with
  /// every worker busy it gets a new one, which then stays. Otherwise the calls
  /// waiting for that answer could hold every worker.
  void submit(Job job, bool urgent = false);
  /// Waits (at most `timeout`) until fewer than max_queued jobs wait; true if so.
  bool wait_for_room(std::chrono::milliseconds timeout);
  /// Waits until no job runs or is queued; false if the deadline came first.
  bool wait_idle(std::chrono::steady_clock::time_point deadline);
  /// Drops queued jobs; workers exit after their current one.
  void shutdown();

 private:
  struct Worker {
    std::condition_variable cv;
    Job job;
    std::thread thread;
  };
  void run(Worker& worker);

  std::size_t max_workers_;
  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable idle_cv_;
  std::condition_variable room_cv_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;
  std::deque<Job> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
};

}  // namespace tally::bridge
