#pragma once
// Where what the server says to one client goes: stdout for stdio, a JSON
// body or an SSE stream for HTTP. The protocol core writes only through this.
#include <string_view>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class Sink {
 public:
  virtual ~Sink() = default;
  /// One whole message. Safe to call from any thread.
  virtual void send(const json& message) = 0;
  /// {"id":…,"jsonrpc":"2.0","result":…} around a result serialised earlier: the
  /// same bytes send(make_result(id, result)) would write (keys sort the same way).
  virtual void send_result(const json& id, std::string_view result_line) = 0;
};

/// The compact line of a result message around an already serialised result.
std::string result_line(const json& id, std::string_view result);

}  // namespace tally::mcp
