#include "mcp/line_reader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace tally::mcp {

namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

LineReader::LineReader(int fd, std::size_t max_line_bytes) : fd_(fd), max_(max_line_bytes) {}

bool LineReader::fill() {
  if (eof_) return false;
  // Compact what is consumed so the buffer holds at most one partial line.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  std::size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data() + old, kChunk);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    buffer_.resize(old);
    eof_ = true;
    return false;
  }
  buffer_.resize(old + static_cast<std::size_t>(n));
  return true;
}

LineReader::Status LineReader::next(std::string& line) {
  bool discarding = false;  // inside a line that is over the cap
  std::size_t scan = start_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scan, '\n', buffer_.size() - scan);
    if (nl != nullptr) {
      std::size_t end = static_cast<const char*>(nl) - buffer_.data();
      std::size_t begin = start_;
      start_ = end + 1;
      if (discarding || end - begin > max_) return Status::kTooLong;
      if (end > begin && buffer_[end - 1] == '\r') --end;
      if (end == begin) {  // blank line
        scan = start_;
        continue;
      }
      line.assign(buffer_, begin, end - begin);
      return Status::kLine;
    }
    if (!discarding && buffer_.size() - start_ > max_) discarding = true;
    if (discarding) {  // drop what we have of the oversized line; read on to its end
      buffer_.clear();
      start_ = 0;
    }
    std::size_t scanned = buffer_.size() - start_;
    if (!fill()) {
      if (discarding) return Status::kTooLong;
      if (buffer_.size() > start_) {  // a last line without a newline
        std::size_t end = buffer_.size();
        if (buffer_[end - 1] == '\r') --end;
        line.assign(buffer_, start_, end - start_);
        start_ = buffer_.size();
        if (!line.empty()) return Status::kLine;
      }
      return Status::kEof;
    }
    scan = start_ + scanned;  // fill() compacted the buffer: start_ is 0 now
  }
}

}  // namespace tally::mcp
