#pragma once
// The invariant of the protocol targets: whatever the input, every message
// Tally writes is a line of valid JSON and a valid JSON-RPC 2.0 message — a
// response (id + exactly one of result/error, an error with an integer code
// and a message), a notification or request of its own, or a batch of
// responses. A violation aborts with the line, so libFuzzer keeps the input.
#include <string>
#include <string_view>

namespace tally::fuzz {

/// Aborts unless `line` (one serialised message) is valid JSON-RPC.
void check_jsonrpc_line(std::string_view line);

}  // namespace tally::fuzz
