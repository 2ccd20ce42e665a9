// Accept / Content-Type negotiation for an MCP POST: a table.

#include "http/negotiation.h"

#include <doctest/doctest.h>

namespace tally::http {
namespace {

TEST_CASE("negotiate_post") {
  struct Row {
    std::optional<std::string_view> content_type, accept;
    unsigned status;
    bool json, sse;
  };
  const Row rows[] = {
      {"application/json", "application/json, text/event-stream", 0, true, true},
      {"application/json; charset=utf-8", "application/json", 0, true, false},
      {"Application/JSON", "text/event-stream", 0, false, true},
      {"application/json", std::nullopt, 0, true, true},
      {"application/json", "", 0, true, true},
      {"application/json", "*/*", 0, true, true},
      {"application/json", "application/*", 0, true, false},
      {"application/json", "text/*;q=0.5", 0, false, true},
      {"application/json", "application/json;q=0, text/event-stream", 0, false, true},
      {"application/json", "text/html", 406, false, false},
      {"application/json", "application/json;q=0", 406, false, false},
      {"text/plain", "application/json", 415, false, false},
      {std::nullopt, "application/json", 415, false, false},
      {"application/jsonx", "application/json", 415, false, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.content_type.value_or("(absent)"));
    CAPTURE(row.accept.value_or("(absent)"));
    auto result = negotiate_post(row.content_type, row.accept);
    CHECK(result.status == row.status);
    if (row.status == 0) {
      CHECK(result.json == row.json);
      CHECK(result.sse == row.sse);
    }
  }
  CHECK(negotiate_post("text/plain", std::nullopt).message ==
        "Content-Type must be application/json");
  CHECK(negotiate_post("application/json", "text/html").message ==
        "Accept must allow application/json or text/event-stream");
}

}  // namespace
}  // namespace tally::http
