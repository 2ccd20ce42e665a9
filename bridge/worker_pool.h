#pragma once
// Threads that carry client messages upstream, each with its own
// HttpConnection. A long tools/call occupies one worker while the others keep
// relaying. Idle workers are reused most-recently-idle first, so sequential
// calls land on the warmest keep-alive connection. Workers are created on
// demand: a quiet client costs one thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http_connection.h"
#include "http_settings.h"

namespace tally::bridge {

class WorkerPool {
 public:
  using Job = std::function<void(HttpConnection&)>;

  explicit WorkerPool(const HttpSettings& settings, std::size_t max_workers = 64);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(Job job);
  /// Waits until no job runs or is queued; false if the deadline came first.
  bool wait_idle(std::chrono::steady_clock::time_point deadline);
  /// Aborts every running transfer; workers exit after their current job.
  void shutdown();

 private:
  struct Worker {
    explicit Worker(const HttpSettings& s) : connection(s) {}
    HttpConnection connection;
    std::condition_variable cv;
    Job job;
    std::thread thread;
  };
  void run(Worker& worker);

  HttpSettings settings_;
  std::size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable idle_cv_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;
  std::deque<Job> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
};

}  // namespace tally::bridge
