#pragma once
// Holds the tools in declaration order and turns them into `tools/list` pages
// and `tools/call` results for the negotiated protocol version.
#include <array>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"
#include "mcp/tool.h"

namespace tally::mcp {

/// Which tools a caller may see and call: a read-only key sees no write tools, a
/// key limited to toolsets sees only theirs. Hidden tools are "Unknown tool".
struct ToolAccess {
  bool read_only = false;
  std::vector<std::string> toolsets;  ///< empty: every toolset
  bool sees(const ToolSpec& tool) const;
  /// Names this view in caches of listed pages.
  std::string key() const;
};

/// Runs a handler inside what the application needs around it (the caller's
/// store, a read snapshot or the write transaction). Without one, the handler runs bare.
using ToolRunner = std::function<ToolResult(const ToolSpec&, const Args&, CallContext&)>;

class ToolRegistry {
 public:
  /// Throws std::invalid_argument on a duplicate or malformed name. Only before the
  /// registry is shared between threads, and not after load_async.
  void add(ToolSpec spec);
  void add_all(std::vector<ToolSpec> specs);

  /// Builds the tools with `load` on another thread, started by prefetch() or
  /// the first reader: building every schema is most of a start's work, and
  /// `initialize` needs none of it, so the server starts it as that answer goes
  /// out rather than beside the start on a two-core machine. Every reader below
  /// waits for it. The loaded list is immutable and shared, so readers on any
  /// thread see it whole.
  void load_async(std::function<std::vector<ToolSpec>()> load);
  /// Starts building the tools given to load_async (once; later calls do nothing).
  void prefetch() const;

  void set_runner(ToolRunner runner) { runner_ = std::move(runner); }

  const ToolSpec* find(std::string_view name) const;
  const std::vector<ToolSpec>& tools() const;

  /// One `tools/list` result. `cursor` is null or the opaque string of an earlier page;
  /// page_size 0 means everything in one page. Throws RpcError on a bad cursor.
  /// `access` hides what the caller may not see (null: nothing hidden).
  json list(Version version, const json& cursor, std::size_t page_size, const ToolAccess* access = nullptr) const;

  /// The tool's entry as `version` defines it (protocol.md A5, E).
  static json describe(const ToolSpec& tool, Version version);

  /// Validates `arguments`, runs the handler and shapes the CallToolResult.
  /// ToolError and validation failures become isError results; Cancelled propagates.
  json call(const ToolSpec& tool, json arguments, const DecimalLexemes& decimals,
            std::string_view arguments_pointer, CallContext& context, Version version) const;

  /// Every success is checked against its outputSchema (tests turn this on).
  void set_check_output(bool on) { check_output_ = on; }

 private:
  std::vector<ToolSpec> added_;                            // add(): tests and small tools
  std::function<std::vector<ToolSpec>()> loader_;           // load_async(): builds the served tools
  mutable std::once_flag started_;
  mutable std::shared_future<std::vector<ToolSpec>> loading_;  // set once, by prefetch()
  mutable std::array<std::once_flag, 4> described_once_;   // per version, built on first use
  mutable std::array<json, 4> described_;
  ToolRunner runner_;
  bool check_output_ = false;
};

/// The CallToolResult of a tool error, for every version.
json error_result(const std::string& message);

}  // namespace tally::mcp
