#include <doctest/doctest.h>

#include <string>
#include <unistd.h>

#include "mcp/output.h"

using namespace tally::mcp;

namespace {

/// Everything written to a pipe by `write`, after it returns.
template <typename Write>
std::string written(Write write) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    Output out(fds[1]);
    write(out);
  }
  ::close(fds[1]);
  std::string text;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  return text;
}

}  // namespace

TEST_CASE("a pre-serialised result goes out as the same bytes as the message") {
  json result{{"tools", json::array({json{{"name", "b"}, {"description", "x\ny"}}})}, {"ttlMs", 5}};
  for (const json& id : {json(4), json("a\"b"), json(-1)}) {
    std::string direct = written([&](Output& out) { out.send(make_result(id, result)); });
    std::string raw = written([&](Output& out) { out.send_result(id, to_line(result)); });
    CHECK(raw == direct);
    CHECK(raw.back() == '\n');
  }
}
