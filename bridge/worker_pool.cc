#include "worker_pool.h"

namespace tally::bridge {

WorkerPool::WorkerPool(std::size_t max_workers, std::size_t max_queued)
    : max_workers_(max_workers), max_queued_(max_queued) {}

WorkerPool::~WorkerPool() {
  shutdown();
  for (auto& w : workers_)
    if (w->thread.joinable()) w->thread.join();
}

void WorkerPool::submit(Job job, bool urgent) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  ++busy_;
  if (!idle_.empty()) {
    Worker* w = idle_.back();
    idle_.pop_back();
    w->job = std::move(job);
    w->cv.notify_one();
    return;
  }
  if (workers_.size() < (urgent ? 2 * max_workers_ : max_workers_)) {
    auto worker = std::make_unique<Worker>();
    Worker* w = worker.get();
    w->job = std::move(job);
    workers_.push_back(std::move(worker));
    w->thread = std::thread([this, w] { run(*w); });
    return;
  }
  queue_.push_back(std::move(job));
}

void WorkerPool::run(Worker& worker) {
  std::unique_lock lock(mutex_);
  for (;;) {
    worker.cv.wait(lock, [&] { return stopping_ || static_cast<bool>(worker.job); });
    if (!worker.job) return;  // stopping and nothing left to run
    Job job = std::move(worker.job);
    worker.job = nullptr;
    lock.unlock();
    job();
    job = nullptr;  // release captured messages before going idle
    lock.lock();
    --busy_;
    if (!queue_.empty() && !stopping_) {
      worker.job = std::move(queue_.front());
      queue_.pop_front();
      room_cv_.notify_one();
      continue;
    }
    if (busy_ == 0) idle_cv_.notify_all();
    if (stopping_) return;
    idle_.push_back(&worker);
  }
}

bool WorkerPool::wait_for_room(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return room_cv_.wait_for(lock, timeout, [&] { return stopping_ || queue_.size() < max_queued_; });
}

bool WorkerPool::wait_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return idle_cv_.wait_until(lock, deadline, [&] { return busy_ == 0; });
}

void WorkerPool::shutdown() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  busy_ -= queue_.size();
  queue_.clear();
  room_cv_.notify_all();
  for (auto& w : workers_) w->cv.notify_one();
}

}  // namespace tally::bridge
