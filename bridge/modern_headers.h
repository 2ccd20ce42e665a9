#pragma once
// The HTTP headers a 2026-07-28 request carries besides its body (protocol-2026.md
// §B1, §C2): MCP-Protocol-Version (= the envelope's), Mcp-Method, Mcp-Name, and
// Mcp-Param-* mirrored from tool arguments whose schema property names an
// `x-mcp-header`. Values that are not plain visible ASCII go as =?base64?…?=.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_connection.h"

namespace tally::bridge {

inline constexpr std::string_view kModernVersion = "2026-07-28";
inline constexpr std::string_view kMetaVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view kMetaCapabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view kMetaLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view kMetaServerInfo = "io.modelcontextprotocol/serverInfo";

/// A header value as sent: itself when it is visible ASCII with no edge spaces and
/// does not look like the sentinel, else `=?base64?<RFC 4648 base64 of UTF-8>?=`.
std::string encode_header_value(std::string_view value);

/// One tool's `x-mcp-header` designations: (header suffix, argument name).
using ParamHeaders = std::vector<std::pair<std::string, std::string>>;

/// Reads a tool's designations; false with `why` when one is invalid (empty, not a
/// token, on a non-primitive or number property, or repeated ignoring case), in which
/// case the tool must not be offered at all.
bool read_param_headers(const nlohmann::json& tool, ParamHeaders& out, std::string& why);

/// Removes invalid tools from a tools/list result (warning on stderr) and returns the
/// designations of the rest, by tool name.
std::map<std::string, ParamHeaders> screen_tools(nlohmann::json& result);

/// Adds MCP-Protocol-Version, Mcp-Method, Mcp-Name and (for tools/call, from
/// `params`) Mcp-Param-* for one request or notification.
void add_modern_headers(HeaderList& headers, const nlohmann::json& message, const ParamHeaders* params);

}  // namespace tally::bridge
