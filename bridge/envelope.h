#pragma once
// A cheap look at a JSON-RPC message: its kind, raw id and method, found by
// scanning the top-level object without building a DOM. The relay forwards
// bytes verbatim and only needs these three things to route a message, so a
// full parse per message (and the allocations it brings) is avoided.
#include <string>
#include <string_view>

namespace tally::bridge {

enum class MessageKind { request, notification, response, batch, invalid };

struct Envelope {
  MessageKind kind = MessageKind::invalid;
  std::string_view id;      ///< raw JSON text of "id" (requests and responses), e.g. `7` or `"a"`
  std::string method;       ///< requests and notifications
};

/// Classifies one JSON text. Only the top level is examined; nested values are
/// skipped after checking that brackets and strings are balanced.
Envelope peek_envelope(std::string_view json);

/// Key for matching a response to its request: the id's JSON text, with string
/// escapes normalised so `"\u0061"` and `"a"` meet.
std::string id_key(std::string_view raw_id);

}  // namespace tally::bridge
