#pragma once
// Reads newline-framed messages from the client (stdin). It waits on stdin
// and a wake descriptor together, so SIGTERM (via a self-pipe) ends the loop
// even while no input arrives.
#include <cstddef>
#include <functional>
#include <string>

namespace tally::bridge {

class LineReader {
 public:
  /// Lines longer than `max_line` bytes are dropped and reported.
  LineReader(int fd, int wake_fd, std::size_t max_line) : fd_(fd), wake_fd_(wake_fd), max_line_(max_line) {}

  enum class End { eof, woken, error };

  /// Calls `on_line` for each line (trailing CR stripped, blank lines skipped)
  /// until EOF (a last unterminated line is delivered too) or a wake-up.
  End run(const std::function<void(std::string&&)>& on_line, const std::function<void()>& on_oversized);

 private:
  int fd_;
  int wake_fd_;
  std::size_t max_line_;
};

}  // namespace tally::bridge
