#pragma once
// Keeps the client's order where it matters without serializing everything.
// Messages go upstream concurrently (a 10-minute tools/call must not hold up
// a ping), but a message never overtakes an earlier "ordered" one: the
// initialize (nothing has a session before it answers), notifications and
// the client's responses (e.g. notifications/initialized before tools/list,
// which a server may rely on). Those are quick, 202-answered POSTs.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

namespace tally::bridge {

class OrderGate {
 public:
  /// Main thread, in arrival order: numbers the message.
  std::uint64_t enter(bool ordered);
  /// Worker: blocks until no earlier ordered message is in flight. False on shutdown.
  bool wait_turn(std::uint64_t seq);
  /// Worker: the message is done.
  void leave(std::uint64_t seq, bool ordered);
  void shutdown();

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<std::uint64_t> ordered_in_flight_;
  std::uint64_t next_ = 0;
  bool shutdown_ = false;
};

}  // namespace tally::bridge
