#pragma once
// The one object that writes stdout. stdout is the protocol: every write is a
// whole JSON-RPC message followed by '\n', serialized across threads, so a
// progress notification and a result never interleave.
#include <atomic>
#include <mutex>
#include <string_view>

namespace tally::bridge {

class StdoutWriter {
 public:
  explicit StdoutWriter(int fd = 1) : fd_(fd) {}
  StdoutWriter(const StdoutWriter&) = delete;
  StdoutWriter& operator=(const StdoutWriter&) = delete;

  /// Writes `json` and a newline. Raw CR/LF inside `json` (only legal as JSON
  /// whitespace, e.g. from a pretty-printing server) become spaces so the
  /// message stays on one line. Returns false once the reader has gone.
  bool write_line(std::string_view json);

  bool broken() const { return broken_.load(std::memory_order_relaxed); }

 private:
  bool write_all(std::string_view a, std::string_view b);

  int fd_;
  std::mutex mutex_;
  std::atomic<bool> broken_{false};
};

}  // namespace tally::bridge
