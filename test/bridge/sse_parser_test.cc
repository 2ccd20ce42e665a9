#include "sse_parser.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using namespace tally::bridge;

namespace {
struct Seen {
  std::string type, data, id;
};

std::vector<Seen> feed_all(SseParser& p, const std::vector<std::string>& chunks) {
  std::vector<Seen> seen;
  for (const auto& c : chunks)
    p.feed(c, [&](const SseEvent& e) { seen.push_back({std::string(e.type), std::string(e.data), std::string(e.id)}); });
  return seen;
}
}  // namespace

TEST_CASE("events split across chunks at every position arrive whole") {
  const std::string stream = "id: 1\nevent: message\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: x\ndata: y\n\n";
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SseParser p;
    auto seen = feed_all(p, {stream.substr(0, cut), stream.substr(cut)});
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].type == "message");
    CHECK(seen[0].data == "{\"a\":1}");
    CHECK(seen[0].id == "1");
    CHECK(seen[1].data == "x\ny");
    CHECK(seen[1].id == "1");  // the last id persists
  }
}

TEST_CASE("CRLF and lone CR end lines, also when CR ends a chunk") {
  SseParser p;
  auto seen = feed_all(p, {"data: a\r", "\n\r", "\ndata: b\r\r"});
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].data == "a");
  CHECK(seen[1].data == "b");
}

TEST_CASE("a priming event sets the id and retry without dispatching") {
  SseParser p;
  auto seen = feed_all(p, {"id: prime-1\nretry: 250\ndata: \n\n"});
  CHECK(seen.empty());
  CHECK(p.saw_id());
  CHECK(p.last_event_id() == "prime-1");
  REQUIRE(p.retry_ms());
  CHECK(*p.retry_ms() == 250);
  feed_all(p, {"retry: soon\n\n"});
  CHECK(*p.retry_ms() == 250);  // invalid retry values are ignored
}

TEST_CASE("a BOM split across chunks is still skipped (found by fuzz/bridge)") {
  for (std::size_t cut = 0; cut <= 3; ++cut) {
    const std::string stream = "\xEF\xBB\xBF" "data:x\n\n";
    SseParser p;
    auto seen = feed_all(p, {stream.substr(0, 1), stream.substr(1, cut), stream.substr(1 + cut)});
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].data == "x");
  }
  SseParser short_stream;  // fewer than three bytes that begin like a BOM, then the rest
  CHECK(feed_all(short_stream, {"\xEF", "data:y\n\n"}).empty());  // "\xEF" + "data" is no field name
}

TEST_CASE("a BOM at the start is skipped and fields without a space work") {
  SseParser p;
  auto seen = feed_all(p, {"\xEF\xBB\xBF" "event:endpoint\ndata:/messages?sessionId=1\n\n"});
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].type == "endpoint");
  CHECK(seen[0].data == "/messages?sessionId=1");
}
