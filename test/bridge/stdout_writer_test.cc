#include "stdout_writer.h"

#include <string>
#include <thread>
#include <vector>

#include <csignal>

#include <unistd.h>

#include <doctest/doctest.h>

using namespace tally::bridge;

TEST_CASE("lines from many threads arrive whole, one message per line") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string got;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
  });
  {
    StdoutWriter w(fds[1]);
    std::string big(100000, 'x');
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
      writers.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) w.write_line("{\"t\":" + std::to_string(t) + ",\"pad\":\"" + big + "\"}");
      });
    for (auto& th : writers) th.join();
    w.write_line("{\"pretty\":\n  true}");
  }
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  std::size_t lines = 0, pos = 0;
  while ((pos = got.find('\n', pos)) != std::string::npos) {
    ++lines;
    ++pos;
  }
  CHECK(lines == 201);
  CHECK(got.substr(got.size() - 19) == "{\"pretty\":   true}\n");
}

TEST_CASE("a closed reader makes writes fail instead of killing the process") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  ::signal(SIGPIPE, SIG_IGN);
  StdoutWriter w(fds[1]);
  CHECK_FALSE(w.write_line("{}"));
  CHECK(w.broken());
  ::close(fds[1]);
}
