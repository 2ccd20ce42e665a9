#pragma once
// JSON-RPC 2.0 vocabulary shared by the server and the bridge: error codes,
// the one exception type protocol errors travel in, and message builders.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace tally::mcp {

using json = nlohmann::json;

/// Error codes of JSON-RPC 2.0 and MCP (protocol.md A13).
enum class ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kHeaderMismatch = -32020,      // MCP 2026-07-28 over HTTP: headers disagree with the body
  kMissingClientCapability = -32021,  // MCP 2026-07-28: the call needs a capability the client did not declare
  kUnsupportedVersion = -32022,  // MCP 2026-07-28
};

/// A protocol-level failure: becomes a JSON-RPC error response, never an isError result.
class RpcError : public std::runtime_error {
 public:
  RpcError(ErrorCode code, const std::string& message, json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  ErrorCode code() const { return code_; }
  const json& data() const { return data_; }

 private:
  ErrorCode code_;
  json data_;
};

/// A request id is a string or an integer; null, fractions, booleans and objects are not (A2).
bool is_valid_id(const json& id);

json make_result(const json& id, json result);
json make_error(const json& id, ErrorCode code, const std::string& message,
                const json& data = nullptr);
json make_notification(const std::string& method, json params);
json make_request(const json& id, const std::string& method, json params);

/// Serializes one message as a compact line without the newline. Invalid UTF-8
/// that came from storage is replaced rather than thrown on (A1). A response's
/// result.structuredContent and result.content[].text holding raw_json
/// (mcp/json_text.h) are written as their text.
std::string to_line(const json& message);

}  // namespace tally::mcp
