#pragma once
// A tool is one record of data: name, texts, schemas, annotations and handler
// (docs/style.md §4). Toolsets return vectors of these; the registry serves them.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "mcp/annotations.h"
#include "mcp/args.h"
#include "mcp/json_rpc.h"
#include "mcp/log_level.h"

namespace tally::mcp {

/// A business failure with the message the user sees (a seed's text where it has one).
/// Becomes an `isError: true` result; the call's transaction is rolled back.
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown to abandon a cancelled call: the transaction rolls back and no response is sent.
struct Cancelled {};

struct ToolResult {
  json structured;  ///< the result object: structuredContent and its compact text
  json content;     ///< explicit content blocks instead (test tools); null when unused
  bool is_error = false;
  /// The result object already written as compact JSON (mcp/json_text.h), set
  /// instead of `structured` by reads whose pages are their per-call cost.
  std::string structured_text = {};
  /// A successful answer whose writes must not stay (a dry run): the call's
  /// transaction is rolled back, not committed, so the ledger's bytes do not change.
  bool roll_back = false;

  static ToolResult of(json object) { return ToolResult{std::move(object), nullptr, false}; }
  /// A dry run's answer: reported as a success, nothing kept.
  static ToolResult dry_run(json object) {
    ToolResult r = of(std::move(object));
    r.roll_back = true;
    return r;
  }
  static ToolResult of_text(std::string compact_json) {
    return ToolResult{nullptr, nullptr, false, std::move(compact_json)};
  }
  static ToolResult blocks(json content_blocks, bool is_error = false) {
    return ToolResult{nullptr, std::move(content_blocks), is_error};
  }
  /// The result object, parsed from structured_text when the tool wrote text.
  json object() const { return structured_text.empty() ? structured : json::parse(structured_text); }
};

/// What the application binds a call to (Tally: the caller's workspace store,
/// app/call_store.h). The protocol layer only carries it.
class CallScope {
 public:
  virtual ~CallScope() = default;
};

/// What a running call may ask of the connection it came from.
class CallContext {
 public:
  virtual ~CallContext() = default;
  /// Set by the application's runner before the handler runs; null otherwise.
  CallScope* scope = nullptr;
  virtual bool cancelled() const = 0;
  void check_cancelled() const {
    if (cancelled()) throw Cancelled{};
  }
  /// Sends notifications/progress when the caller gave a progressToken; otherwise nothing.
  virtual void progress(double done, std::optional<double> total, const std::string& message) = 0;
  /// Sends notifications/message at or above the client's level. Never pass user data.
  virtual void log(LogLevel level, const std::string& logger, const json& data) = 0;
  /// Sends a request to the client (sampling, elicitation) and waits for its result.
  /// Throws ToolError when the client lacks the capability or answers with an error.
  virtual json request_client(const std::string& method, json params) = 0;
  virtual const json& client_capabilities() const = 0;
  virtual const json& client_info() const = 0;
};

using Handler = std::function<ToolResult(const Args&, CallContext&)>;

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  json input_schema;              ///< built with schema::object_schema(fields)
  json output_schema = nullptr;   ///< root type object, or null
  Annotations annotations;
  /// The tool's `_meta` in tools/list (e.g. MCP Apps' {"ui": {"resourceUri": …}}), or null.
  json meta = nullptr;
  Handler handler;
  std::string toolset = {};  ///< set when served: which toolset declared it (ToolAccess)
};

}  // namespace tally::mcp
