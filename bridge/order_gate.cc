#include "order_gate.h"

namespace tally::bridge {

std::uint64_t OrderGate::enter(bool ordered) {
  std::lock_guard lock(mutex_);
  std::uint64_t seq = next_++;
  if (ordered) ordered_in_flight_.insert(seq);
  return seq;
}

bool OrderGate::wait_turn(std::uint64_t seq) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return shutdown_ || ordered_in_flight_.empty() || *ordered_in_flight_.begin() >= seq; });
  return !shutdown_;
}

void OrderGate::leave(std::uint64_t seq, bool ordered) {
  if (!ordered) return;
  std::lock_guard lock(mutex_);
  ordered_in_flight_.erase(seq);
  cv_.notify_all();
}

void OrderGate::shutdown() {
  std::lock_guard lock(mutex_);
  shutdown_ = true;
  cv_.notify_all();
}

}  // namespace tally::bridge
