#include <doctest/doctest.h>

#include <thread>
#include <unistd.h>

#include "mcp/line_reader.h"

using tally::mcp::LineReader;

namespace {
/// A real pipe fed by a writer thread, so reads see the kernel's chunking.
struct Pipe {
  int fds[2];
  Pipe() { REQUIRE(pipe(fds) == 0); }
  ~Pipe() { close(fds[0]); }
  void feed(std::string data) {
    std::thread([fd = fds[1], data = std::move(data)] {
      std::size_t off = 0;
      while (off < data.size()) {
        ssize_t n = write(fd, data.data() + off, data.size() - off);
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
      }
      close(fd);
    }).detach();
  }
};
}  // namespace

TEST_CASE("lines are split, CR stripped, blank lines skipped, last line without newline kept") {
  Pipe p;
  p.feed("one\r\n\n\ntwo\nthree");
  LineReader r(p.fds[0], 100);
  std::string line;
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line == "one");
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line == "two");
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line == "three");
  CHECK(r.next(line) == LineReader::Status::kEof);
}

TEST_CASE("a line over the cap is reported once and reading resumes after it") {
  Pipe p;
  p.feed("short\n" + std::string(300000, 'x') + "\nafter\n" + std::string(50, 'y') + "\n");
  LineReader r(p.fds[0], 1000);
  std::string line;
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line == "short");
  CHECK(r.next(line) == LineReader::Status::kTooLong);
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line == "after");
  CHECK(r.next(line) == LineReader::Status::kLine);
  CHECK(line.size() == 50);
  CHECK(r.next(line) == LineReader::Status::kEof);
}

TEST_CASE("an unterminated oversized line at end of input is reported, then EOF") {
  Pipe p;
  p.feed(std::string(5000, 'z'));
  LineReader r(p.fds[0], 1000);
  std::string line;
  CHECK(r.next(line) == LineReader::Status::kTooLong);
  CHECK(r.next(line) == LineReader::Status::kEof);
}

TEST_CASE("many small lines across chunk boundaries arrive intact") {
  Pipe p;
  std::string data;
  for (int i = 0; i < 20000; ++i) data += "{\"id\":" + std::to_string(i) + "}\n";
  p.feed(data);
  LineReader r(p.fds[0], 1 << 20);
  std::string line;
  for (int i = 0; i < 20000; ++i) {
    REQUIRE(r.next(line) == LineReader::Status::kLine);
    REQUIRE(line == "{\"id\":" + std::to_string(i) + "}");
  }
  CHECK(r.next(line) == LineReader::Status::kEof);
}
