#pragma once
// Newline framing for stdio (protocol.md A1): one message per line, a trailing
// \r stripped, blank lines skipped, and lines over the cap reported, not buffered.
#include <cstddef>
#include <string>

namespace tally::mcp {

class LineReader {
 public:
  enum class Status { kLine, kTooLong, kEof };

  LineReader(int fd, std::size_t max_line_bytes);

  /// Blocks for the next line. kTooLong means a line over the cap was consumed
  /// and dropped; the reader is positioned after it.
  Status next(std::string& line);

 private:
  bool fill();

  int fd_;
  std::size_t max_;
  std::string buffer_;
  std::size_t start_ = 0;
  bool eof_ = false;
};

}  // namespace tally::mcp
