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

class ToolRegistry {
 public:
  /// Throws std::invalid_argument on a duplicate or malformed name.
  void add(ToolSpec spec);
  void add_all(std::vector<ToolSpec> specs);

  /// Builds the tools on another thread while the process starts and the
  /// client says hello: building every schema is most of start-up, and
  /// `initialize` needs none of it. Every reader below waits for it.
  void load_async(std::function<std::vector<ToolSpec>()> load);

  const ToolSpec* find(std::string_view name) const;
  const std::vector<ToolSpec>& tools() const {
    wait_loaded();
    return tools_;
  }

  /// One `tools/list` result. `cursor` is null or the opaque string of an earlier page;
  /// page_size 0 means everything in one page. Throws RpcError on a bad cursor.
  json list(Version version, const json& cursor, std::size_t page_size) const;

  /// The tool's entry as `version` defines it (protocol.md A5, E).
  static json describe(const ToolSpec& tool, Version version);

  /// Validates `arguments`, runs the handler and shapes the CallToolResult.
  /// ToolError and validation failures become isError results; Cancelled propagates.
  json call(const ToolSpec& tool, json arguments, const DecimalLexemes& decimals,
            std::string_view arguments_pointer, CallContext& context, Version version) const;

  /// Every success is checked against its outputSchema (tests turn this on).
  void set_check_output(bool on) { check_output_ = on; }

 private:
  void wait_loaded() const;

  std::vector<ToolSpec> tools_;
  mutable std::future<std::vector<ToolSpec>> pending_;
  mutable std::once_flag loaded_;
  mutable std::array<std::optional<json>, 4> described_;  // per version, built on first use
  bool check_output_ = false;
};

/// The CallToolResult of a tool error, for every version.
json error_result(const std::string& message);

}  // namespace tally::mcp
