#pragma once
// Which era of MCP a request speaks (protocol-2026.md A1). A 2026-07-28
// ("modern") request names its version in params._meta (the "claim"); a legacy
// one relies on this process's `initialize`. Decided per request, by its own
// body, never pinned per process: both eras are served side by side.
#include <string_view>

#include "mcp/json_rpc.h"

namespace tally::mcp {

enum class Era { kLegacy, kModern };

/// The one modern revision Tally speaks.
inline constexpr std::string_view kModernVersion = "2026-07-28";

/// The reserved `_meta` keys of 2026-07-28 (`P/` = io.modelcontextprotocol/).
namespace meta_key {
inline constexpr const char* kProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* kLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr const char* kServerInfo = "io.modelcontextprotocol/serverInfo";
inline constexpr const char* kSubscriptionId = "io.modelcontextprotocol/subscriptionId";
}  // namespace meta_key

/// Modern when `message.params._meta` holds a protocolVersion key (of any type: a bad
/// value is the envelope check's to report); legacy otherwise. Reads, never copies.
Era era_of(const json& message);

}  // namespace tally::mcp
