#pragma once
// What a JSON-RPC message is, and whether its envelope is well formed
// (protocol.md A2). Every transport checks a message with this first.
#include <optional>

#include "mcp/json_rpc.h"

namespace tally::mcp {

enum class MessageKind { kRequest, kNotification, kResponse };

/// Returns the error to send, if any; `kind` says what the message is even when
/// it is malformed (a malformed notification gets no answer).
std::optional<json> check_message(const json& m, MessageKind& kind);

}  // namespace tally::mcp
