#pragma once
// Content negotiation for an MCP POST (Streamable HTTP): the body must be
// JSON, and the client must accept the answer as JSON or as an SSE stream.
// Lenient where real clients differ: one listed type is enough, and an absent
// Accept or */* accepts both.

#include <optional>
#include <string>
#include <string_view>

namespace tally::http {

struct PostNegotiation {
  unsigned status = 0;  // 0: go on; 415 or 406: refuse with `message`
  std::string message;
  bool json = false;  // the answer may be application/json
  bool sse = false;   // the answer may be text/event-stream
};

PostNegotiation negotiate_post(std::optional<std::string_view> content_type,
                               std::optional<std::string_view> accept);

/// Whether media range list `accept` admits `type` ("application/json"):
/// exact, "application/*" or "*/*", with q > 0.
bool accepts(std::string_view accept, std::string_view type);

}  // namespace tally::http
